declare module 'color-name' {
  /** CSS named colours, each as [red, green, blue]. */
  const colours: Record<string, [number, number, number]>;
  export default colours;
}
