/** heic-decode (libheif-js in WebAssembly): decodes the pictures of a HEIF/HEIC file to RGBA. */
declare module 'heic-decode' {
  interface Decoded {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  interface Picture {
    width: number;
    height: number;
    decode(): Promise<Decoded>;
  }
  function decode(input: { buffer: Uint8Array }): Promise<Decoded>;
  namespace decode {
    /** Every top-level picture, each decoded on request; `dispose` frees the decoder's memory. */
    function all(input: { buffer: Uint8Array }): Promise<Picture[] & { dispose(): void }>;
  }
  export default decode;
}
