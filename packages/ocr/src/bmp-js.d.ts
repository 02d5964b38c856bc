declare module 'bmp-js' {
  /** Decoded pixels: 4 bytes a pixel in A, B, G, R order. */
  export function decode(buffer: Buffer): { width: number; height: number; data: Buffer };
}
