import { relDiff as rel } from '../../../numerics/rel-diff';

/** max |ours − ref| / max |ref|: how the ONNX tests state agreement with torch and onnxruntime (a length mismatch is a test error). */
export function relDiff(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`compared arrays differ in length: ${ours.length} vs ${ref.length}`);
  return rel(ours, ref);
}
