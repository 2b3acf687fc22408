// The masking lab's live occlusion: the unmasked image and every mask's
// composite (fill where the mask is set) go through the model together, a
// batch at a time, and are read back once; probabilities are a softmax over
// all classes, computed in float64 from the logits.
import * as tf from '@tensorflow/tfjs';
import { forwardLogits } from '../model/forward';
import { StudioError } from '../api/errors';
import type { ClassScore, MaskedClassScore, ModelInfo, ScoreMaskedRequest, ScoreMaskedResult } from '../api/types';
import { yieldToLoop } from '../core/jobs';
import { composite, fillImage, parseFill } from '../explainers/perturbation/fill';
import type { CancelSignal } from '../explainers/types';
import type { Classifier } from '../model/classifier';
import { masksToInput } from './geometry';
import type { ImageSize } from './regions';
import { classLabel } from '../shared/class-label';

export interface ScoreMaskedDeps {
  info: ModelInfo;
  classifier: Classifier;
  image: ImageSize;
  /** The preprocessed image [1,h,w,c]; owned by the caller. */
  input: tf.Tensor4D;
  signal: CancelSignal;
  /** The unmasked image's logits from an earlier call on the same model and image: one forward pass saved per edit. */
  before?: { get(): Float32Array | undefined; set(logits: Float32Array): void };
}

/** Rows per forward pass: the unmasked image plus up to 15 masks in one. */
export const MASK_BATCH = 16;

function softmax(l: Float32Array): Float64Array {
  let m = -Infinity;
  for (const v of l) m = Math.max(m, v);
  const e = Float64Array.from(l, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const argmax = (p: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
};

export async function scoreMasked(d: ScoreMaskedDeps, req: ScoreMaskedRequest): Promise<ScoreMaskedResult> {
  const t0 = performance.now();
  const { info, classifier, image, input } = d;
  const pixels = image.width * image.height;
  req.masks.forEach((m, i) => {
    if (m.length !== pixels) throw new StudioError('bad-mask', `mask ${i} has ${m.length} pixels; ${image.name} is ${image.width}×${image.height} (${pixels})`);
  });
  const fill = parseFill(req.fill.trim());
  const [, h, w] = input.shape;
  const K = info.numClasses;
  const n = req.masks.length;
  const parts: tf.Tensor2D[] = [];
  const cached = d.before?.get();
  const known = cached && cached.length === K ? cached : null;
  const filled = fillImage(input, fill, { preprocess: info.preprocess, seed: req.seed ?? 0 });
  let inputArea: Float32Array;
  try {
    const hidden = masksToInput(req.masks, image.height, image.width, h, w, info.preprocess.resize);
    try {
      const areas = tf.tidy(() => hidden.mean([1, 2, 3]));
      // Without cached logits, row 0 is the unmasked image: "before" comes from the same pass as "after".
      for (let s = known ? 0 : -1; s < n; s += MASK_BATCH) {
        const e = Math.min(n, s + MASK_BATCH);
        const xs = tf.tidy(() => {
          const keep = tf.scalar(1).sub(hidden.slice([Math.max(s, 0), 0, 0, 0], [e - Math.max(s, 0), h, w, 1])) as tf.Tensor4D;
          const masked = composite(input, filled, keep);
          return s < 0 ? tf.concat([input, masked]) : masked;
        });
        try {
          parts.push(await forwardLogits(classifier, xs));
        } finally {
          xs.dispose();
        }
        await yieldToLoop();
        d.signal.check();
      }
      inputArea = (await areas.data()) as Float32Array;
      areas.dispose();
    } finally {
      hidden.dispose();
    }
    const all = tf.concat(parts);
    const out = (await all.data()) as Float32Array;
    all.dispose();
    let logits = out;
    if (known) {
      logits = new Float32Array(K + out.length);
      logits.set(known);
      logits.set(out, K);
    } else {
      d.before?.set(out.slice(0, K));
    }
    return summarise(info, req, logits, K, n, inputArea, t0);
  } finally {
    filled.dispose();
    tf.dispose(parts);
  }
}

function summarise(
  info: ModelInfo,
  req: ScoreMaskedRequest,
  logits: Float32Array,
  K: number,
  n: number,
  inputArea: Float32Array,
  t0: number,
): ScoreMaskedResult {
  const label = (i: number) => classLabel(info.labels, i);
  const row = (r: number) => logits.subarray(r * K, (r + 1) * K);
  const l0 = row(0);
  const p0 = softmax(l0);
  const target = req.target == null || req.target === 'top' ? argmax(p0) : req.target;
  if (!Number.isInteger(target) || target < 0 || target >= K)
    throw new StudioError('bad-target', `target ${String(req.target)} is out of range: ${info.name} has ${K} classes (0–${K - 1})`);
  const order = Array.from(p0.keys()).sort((a, b) => p0[b] - p0[a]);
  const picked = order.slice(0, Math.max(1, Math.min(req.topK ?? 5, K)));
  if (!picked.includes(target)) picked.push(target);
  const classes: ClassScore[] = picked.map((i) => ({ index: i, label: label(i), logit: l0[i], probability: p0[i] }));
  const results = req.masks.map((m, j) => {
    const l = row(j + 1);
    const p = softmax(l);
    let hiddenPx = 0;
    for (const v of m) if (v) hiddenPx++;
    const top = argmax(p);
    const scores: MaskedClassScore[] = picked.map((i) => ({
      index: i,
      label: label(i),
      logitBefore: l0[i],
      logitAfter: l[i],
      dLogit: l[i] - l0[i],
      probBefore: p0[i],
      probAfter: p[i],
      dProb: p[i] - p0[i],
    }));
    return {
      area: hiddenPx / m.length,
      inputArea: inputArea[j],
      classes: scores,
      topAfter: { index: top, label: label(top), logit: l[top], probability: p[top] },
    };
  });
  return { target, classes, results, ms: performance.now() - t0 };
}

/** The unmasked logits of the last few model-and-image pairs, for ScoreMaskedDeps.before. */
export class UnmaskedLogits {
  private pairs = new Map<string, Float32Array>();

  /** Drops the pairs whose key starts with `prefix` (a closed model's). */
  forget(prefix: string): void {
    for (const k of this.pairs.keys()) if (k.startsWith(prefix)) this.pairs.delete(k);
  }

  slot(key: string): { get(): Float32Array | undefined; set(l: Float32Array): void } {
    return {
      get: () => this.pairs.get(key),
      set: (l) => {
        this.pairs.set(key, l);
        for (const k of this.pairs.keys()) if (this.pairs.size > 8) this.pairs.delete(k);
      },
    };
  }
}
