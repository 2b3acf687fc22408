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

/** Up to 2²¹ pixels an index fits beside a 32-bit key in a double's 53-bit mantissa. */
const PACKED_MAX = 2 ** 21;

/**
 * Pixel indices by decreasing value, ties by increasing index: order[0] is the
 * most salient. Each value's float32 bits become an order-preserving 32-bit
 * key, packed with the index into one double, so the sort is the native
 * numeric one (5 ms for 224², 13 ms with a comparator). −0 counts as 0; larger
 * maps use the comparator.
 */
export function orderByValue(map: ArrayLike<number>): Uint32Array {
  const n = map.length;
  if (n > PACKED_MAX) return Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => map[b] - map[a] || a - b);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    f[0] = map[i] + 0; // −0 + 0 = +0
    // Positive floats: set the sign bit; negative: flip every bit. Unsigned order is then value order.
    const ascending = u[0] & 0x80000000 ? ~u[0] >>> 0 : (u[0] | 0x80000000) >>> 0;
    keys[i] = (0xffffffff - ascending) * PACKED_MAX + i;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i] % PACKED_MAX;
  return order;
}
