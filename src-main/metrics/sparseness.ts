// Sparseness (Chalasani et al. 2020, arXiv:1810.06583): the Gini index of |map|, in the form of
// Hurley & Rickard that the paper uses, G = Σ_k (2k − n − 1)·c_(k) / (n·Σc) over |map| sorted ascending.
// Uniform mass → 0; all mass on one of n pixels → 1 − 1/n (0.99998 at 224²). No epsilon is added
// (Quantus adds 1e-7 to every entry, which moves a one-hot map down by ~n·1e-7/|max|).

/** Gini index of |map| in [0, 1); an all-zero (or empty) map → 0. */
export function sparseness(map: ArrayLike<number>): number {
  const n = map.length;
  if (n === 0) return 0;
  const a = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    a[i] = Math.abs(map[i]);
    total += a[i];
  }
  if (!(total > 0)) return 0;
  a.sort();
  let s = 0;
  for (let k = 0; k < n; k++) s += (2 * (k + 1) - n - 1) * a[k];
  return s / (n * total);
}
