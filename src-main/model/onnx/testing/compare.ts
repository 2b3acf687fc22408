/** max |ours − ref| / max |ref|: how the ONNX tests state agreement with torch and onnxruntime. */
export function relDiff(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`compared arrays differ in length: ${ours.length} vs ${ref.length}`);
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(ours[i] - ref[i]));
    m = Math.max(m, Math.abs(ref[i]));
  }
  return d / m;
}
