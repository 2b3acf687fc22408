// `predict`: the top classes of an open image under an open model, with the
// out-of-distribution check where the model declares what it expects.
import * as tf from '@tensorflow/tfjs';
import type { ClassScore, ModelInfo, Prediction } from '../api/types';
import { checkDistribution, inputStats } from '../model/distribution';
import { forwardLogits } from '../model/forward';
import { MULTI_LABEL_THRESHOLD, probabilities } from '../model/head';
import { classLabel } from '../shared/class-label';
import type { OpenItems } from './open-items';

export function classScore(info: ModelInfo, logits: Float32Array, probs: Float32Array, index: number): ClassScore {
  return { index, label: classLabel(info.labels, index), logit: logits[index], probability: probs[index] };
}

/** Owns its tensors: the caller runs it inside withJobTensors. */
export async function predictTop(items: OpenItems, req: { modelId: string; imageId: string; topK?: number }): Promise<Prediction> {
  const t0 = performance.now();
  const { info, classifier } = items.model(req.modelId);
  const input = items.input(req.modelId, req.imageId);
  // Before the input is released: what the out-of-distribution check compares (model/distribution.ts).
  const distribution = info.expects
    ? checkDistribution(info.expects, items.image(req.imageId).info.dicom, inputStats((await input.data()) as Float32Array))
    : null;
  const all = await forwardLogits(classifier, input);
  const [logits, probs] = tf.tidy(() => {
    const l = all.squeeze([0]);
    return [l, probabilities(classifier.head, l)];
  });
  all.dispose();
  input.dispose();
  const [l, p] = [(await logits.data()) as Float32Array, (await probs.data()) as Float32Array];
  tf.dispose([logits, probs]);
  const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]);
  // Multi-label: every class at or above 0.5 is shown, however many there are.
  const multiLabel = classifier.head === 'sigmoid';
  const positive = multiLabel ? p.filter((v) => v >= MULTI_LABEL_THRESHOLD).length : 0;
  const k = Math.max(1, Math.min(Math.max(req.topK ?? 5, positive), order.length));
  const top = order.slice(0, k).map((i) => classScore(info, l, p, i));
  return {
    top,
    ms: performance.now() - t0,
    ...(multiLabel ? { multiLabel, threshold: MULTI_LABEL_THRESHOLD } : {}),
    ...(distribution ? { distribution } : {}),
  };
}
