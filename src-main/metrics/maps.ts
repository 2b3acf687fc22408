// Map normalisations shared by the metrics and the sanity checks.

/**
 * Min-max to [0,1], the normalisation Average Drop, ADCC and the explanation
 * map x ⊙ map use (as pytorch-grad-cam and Poppi et al. do for CAMs). A
 * constant map carries no ranking: a positive constant becomes all ones (keep
 * everything), zero or negative all zeros.
 */
export function normalise01(map: ArrayLike<number>): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < map.length; i++) {
    if (map[i] < lo) lo = map[i];
    if (map[i] > hi) hi = map[i];
  }
  const out = new Float32Array(map.length);
  if (!(hi > lo)) return out.fill(hi > 0 ? 1 : 0);
  for (let i = 0; i < map.length; i++) out[i] = (map[i] - lo) / (hi - lo);
  return out;
}

/** Maximum of a map (−∞ for an empty one) without spreading it into arguments. */
export function maxOf(map: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < map.length; i++) if (map[i] > m) m = map[i];
  return m;
}

/** Mean and sample standard deviation of the finite values (NaN marks "not applicable"). */
export function meanStd(values: readonly number[]): { mean: number; std: number; n: number } {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: NaN, std: NaN, n };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}
