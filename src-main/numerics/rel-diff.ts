/** max |a − ref| / max |ref| (absolute where ref is all zeros; Infinity when the lengths differ): how results state agreement with a reference. */
export function relDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) return Infinity;
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    m = Math.max(m, Math.abs(ref[i]));
  }
  return d / (m || 1);
}
