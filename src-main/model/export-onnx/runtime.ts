// Forward-only passes of a LayersModel on onnxruntime: the model exported by
// export.ts, then run and checked by ortForward against the classifier's own
// tfjs logits. Whatever fails — a layer the exporter cannot express,
// onnxruntime absent, outputs that differ — comes back as the reason, and
// the classifier stays on tfjs; loading a model never fails here.
import type * as tf from '@tensorflow/tfjs';
import { toApiError } from '../../api/errors';
import { ortForward, type OrtForward } from '../onnx/ort-forward';
import { exportLayersModel, type ExportSource } from './export';

export async function exportedForward(
  src: ExportSource,
  dims: { h: number; w: number; c: number },
  reference: (x: tf.Tensor4D) => tf.Tensor,
): Promise<OrtForward | { reason: string }> {
  try {
    const made = exportLayersModel(src, dims);
    if ('reason' in made) return { reason: `the ONNX export cannot express the model (${made.reason})` };
    return await ortForward(made.bytes, made.plan, null, reference);
  } catch (e) {
    return { reason: toApiError(e).message };
  }
}
