// Complexity (Bhatt et al. 2020, arXiv:2005.00631, §4): the Shannon entropy, in nats, of the
// fractional contribution p_i = |a_i| / Σ|a|, with 0·ln 0 = 0. One-hot → 0; uniform over n → ln n.

/** Entropy (natural log) of |map| / Σ|map|; an all-zero or empty map → NaN. */
export function entropyComplexity(map: ArrayLike<number>): number {
  const n = map.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.abs(map[i]);
  if (!(total > 0)) return NaN;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.abs(map[i]) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
