// Efficient MPRT (Hedström et al. 2023, "Sanity Checks Revisited", arXiv:2401.06465):
// the relative rise in explanation complexity from the trained to the fully
// randomised model, as Quantus' EfficientMPRT computes it,
//   eMPRT = (H(Φ_random) − H(Φ_trained)) / H(Φ_trained),
// H the discrete entropy (nats) of the histogram of |map| in 100 equal bins
// over its own [min, max]. A method that explains the model turns noisy on a
// random one: higher is better. NaN when the trained map's entropy is 0 (a
// constant map, or every value in one bin).
export const ENTROPY_BINS = 100;

export function discreteEntropy(map: ArrayLike<number>, bins = ENTROPY_BINS): number {
  const n = map.length;
  if (n === 0) return NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(map[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // numpy.histogram's range for a constant array is [v − 0.5, v + 0.5]: one bin holds everything.
  if (!(hi > lo)) return 0;
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor(((Math.abs(map[i]) - lo) / (hi - lo)) * bins))]++;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export function efficientMprt(trained: ArrayLike<number>, randomised: ArrayLike<number>): number {
  const h0 = discreteEntropy(trained);
  return h0 > 0 ? discreteEntropy(randomised) / h0 - 1 : NaN;
}
