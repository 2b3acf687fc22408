// Deletion and insertion (Petsiuk, Das & Saenko 2018, RISE). Pixels are taken
// in order of attribution (highest first; ties by row-major index). Deletion
// starts from the image and replaces the top k·N/steps pixels by the substrate;
// insertion starts from the substrate and restores them. The curve is the
// target-class probability against the fraction of pixels changed, k = 0..steps,
// and its area is the trapezoid rule over that fraction (RISE's `auc`).
// Deletion: lower is better; insertion: higher. Paper substrates: zero for
// deletion, blur for insertion (explainers/perturbation/fill.ts).
// Every level of every item is one row of one batched job, so a folder of
// images is scored `batch` rows per forward pass across images.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessSpec } from '../api/types';
import type { BatchContext } from '../explainers/batches';
import { type Fill, fillImage } from '../explainers/perturbation/fill';
import type { Classifier } from '../model/classifier';
import type { MapItem } from './average-drop';
import { orderByValue } from './maps';
import { probabilitiesInBatches } from './scoring';

export type CurveKind = 'deletion' | 'insertion';

export interface Curve {
  /** Fraction of pixels deleted (inserted) at each level, 0..1. */
  fraction: number[];
  probability: number[];
  auc: number;
}

export interface DeletionInsertionOptions {
  steps: number;
  kinds?: CurveKind[];
  deletionSubstrate?: Fill | string;
  insertionSubstrate?: Fill | string;
  /** Rows (perturbed images) per forward pass. */
  batch?: number;
  preprocess?: PreprocessSpec;
}

/** Pixels changed at each level 0..steps (the last is all N). */
export function levelCounts(n: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, k) => Math.round((k * n) / steps));
}

/** Trapezoid area under y over x. */
export function auc(x: readonly number[], y: ArrayLike<number>): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return a;
}

export async function deletionInsertion(
  model: Classifier,
  items: readonly MapItem[],
  opts: DeletionInsertionOptions,
  ctx: BatchContext,
): Promise<Partial<Record<CurveKind, Curve>>[]> {
  const kinds = opts.kinds ?? ['deletion', 'insertion'];
  const steps = Math.max(1, Math.floor(opts.steps));
  const levels = steps + 1;
  const perItem = kinds.length * levels;
  const subst = { deletion: opts.deletionSubstrate ?? 'zero', insertion: opts.insertionSubstrate ?? 'blur' };
  const fills = items.map((it) => kinds.map((k) => fillImage(it.input, subst[k], { preprocess: opts.preprocess })));
  const orders = items.map((it) => orderByValue(it.map));
  const counts = items.map((it) => levelCounts(it.map.length, steps));
  try {
    // Rows are built on the host: each is a copy of its start image with the top-ranked
    // pixels taken from the other one. On wasm the same rows as broadcast tensor ops
    // (compare, cast, composite) cost 4 ms each, a third of a MobileNet forward pass.
    const images = items.map((it, i) => ({ x: it.input.dataSync() as Float32Array, fills: fills[i].map((f) => f.dataSync() as Float32Array) }));
    const make = (s: number, e: number): tf.Tensor4D => {
      const [, h, w, c] = items[Math.floor(s / perItem)].input.shape;
      const size = h * w * c;
      const out = new Float32Array((e - s) * size);
      for (let r = s; r < e; r++) {
        const i = Math.floor(r / perItem);
        const ki = Math.floor((r % perItem) / levels);
        const level = r % levels;
        const { x, fills: f } = images[i];
        // Deletion starts from the image and takes the substrate; insertion the reverse.
        const [from, to] = kinds[ki] === 'deletion' ? [x, f[ki]] : [f[ki], x];
        const row = out.subarray((r - s) * size, (r - s + 1) * size);
        row.set(from);
        const order = orders[i];
        for (let j = 0, n = counts[i][level]; j < n; j++) {
          const at = order[j] * c;
          for (let ch = 0; ch < c; ch++) row[at + ch] = to[at + ch];
        }
      }
      return tf.tensor4d(out, [e - s, h, w, c]);
    };
    const p = await probabilitiesInBatches(
      model,
      { total: items.length * perItem, make, target: (r) => items[Math.floor(r / perItem)].target },
      opts.batch ?? 32,
      ctx,
      'deletion/insertion',
    );
    return items.map((it, i) => {
      const n = it.map.length;
      const fraction = counts[i].map((c) => c / n);
      const out: Partial<Record<CurveKind, Curve>> = {};
      kinds.forEach((k, ki) => {
        const probability = Array.from(p.subarray(i * perItem + ki * levels, i * perItem + (ki + 1) * levels));
        out[k] = { fraction, probability, auc: auc(fraction, probability) };
      });
      return out;
    });
  } finally {
    tf.dispose(fills.flat());
  }
}
