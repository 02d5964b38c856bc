/**
 * A URI or attribute value with percent-encoded bytes outside ASCII, its runs UTF-8 decoded
 * (`%E6%9C%BA%E5%AF%86` → 机密), as a browser or viewer shows the link; undefined when nothing
 * decodes so. A run that is no valid UTF-8 stays as written.
 */
export function percentDecodedShown(v: string): string | undefined {
  if (!/%[89a-f][0-9a-f]/i.test(v)) return undefined;
  const d = v.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return d !== v && /[^\x00-\x7f]/.test(d) ? d : undefined;
}
