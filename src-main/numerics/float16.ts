// IEEE 754 half precision, read by hand: ONNX float16 initializers and Keras
// float16 weights arrive as raw uint16s, and JavaScript has no Float16Array in
// Node 20.

/** The value of one half-precision bit pattern (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}
