/**
 * Whether the units (or the text) hold `length` units in a row that `isUnit` accepts, without
 * making a string. Such a run holds a unit at every `length`th index: only those are looked at,
 * and the run is measured around one that is accepted, so text without such units costs a
 * `length`th of a pass (the gates of rare readings: base64 blocks, mojibake lines).
 */
export function holdsRun(units: Uint16Array | undefined, text: string, length: number, isUnit: (c: number) => boolean): boolean {
  const n = units ? units.length : text.length;
  const at = (i: number): number => (units ? units[i] : text.charCodeAt(i));
  for (let j = length - 1; j < n; j += length) {
    if (!isUnit(at(j))) continue;
    let a = j;
    while (a > 0 && j - a < length && isUnit(at(a - 1))) a--;
    let b = j;
    while (b + 1 < n && b - a + 1 < length && isUnit(at(b + 1))) b++;
    if (b - a + 1 >= length) return true;
  }
  return false;
}
