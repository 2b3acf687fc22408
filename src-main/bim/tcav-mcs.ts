// TCAV's model contrast score on the BIM pair (Yang & Kim §4.1): the concept
// "shape c" (shape c pasted on random scenes) against random sets (scenes
// without an object), at the models' last conv layer.
//   TCAV_object(c) = TCAV score of the object model's class c over images of shape c
//   TCAV_scene(c)  = mean over scene classes s of the scene model's class s over images of scene s
// A score whose t-test against the random-vs-random null is not significant
// counts as 0 (Kim et al.'s reading of an insignificant concept). MCS is the mean
// over concepts of TCAV_object − TCAV_scene.
import * as tf from '@tensorflow/tfjs';
import type { BimTcav } from '../api/bim-types';
import { StudioError } from '../api/errors';
import type { BatchContext } from '../explainers/batches';
import { autoCamLayer } from '../model/split';
import { tcav } from '../tcav/tcav';
import { heldOutPool } from './dataset';
import { BIM_OBJECTS, BIM_SCENES, type BimOptions, bimSample } from './generate';
import type { BimModels } from './types';

export interface TcavMcsOptions {
  concepts?: number[];
  layer?: string;
  perSet?: number;
  randomSets?: number;
  perClass?: number;
}

const SEED0 = 7_000_000;

export async function tcavContrast(models: BimModels, ctx: BatchContext, opts: TcavMcsOptions = {}): Promise<BimTcav> {
  // The models' last conv layer, read from the object model (the scene model is its twin).
  const layer = opts.layer ?? autoCamLayer(models.object.layers);
  if (!layer) throw new StudioError('no-cam-layer', 'bim: the object model has no spatial layer feeding its head to take concept activations at');
  const perSet = opts.perSet ?? 20;
  // 10 random sets: with 5 the random-vs-random null was too wide for any concept to pass the t-test (measured).
  const R = opts.randomSets ?? 10;
  const perClass = opts.perClass ?? 10;
  const concepts = opts.concepts ?? BIM_OBJECTS.map((_, k) => k);
  const pool = heldOutPool();
  let seed = SEED0;
  const images = (k: number, o: BimOptions, without = false): tf.Tensor4D => {
    const xs = Array.from({ length: k }, () => bimSample(seed++, pool, o));
    const n = xs[0].size;
    const data = new Float32Array(k * n * n * 3);
    xs.forEach((s, i) => data.set(without ? s.scene : s.image, i * n * n * 3));
    return tf.tensor4d(data, [k, n, n, 3]);
  };
  const randoms = Array.from({ length: R }, () => images(perSet, {}, true));
  const sceneImages = BIM_SCENES.map((_, s) => images(perClass, { scene: s }));
  const quiet: BatchContext = { signal: ctx.signal, progress: () => {} };
  const score = (r: Awaited<ReturnType<typeof tcav>>['classes'][number]): number => (r.significant ? r.mean : 0);
  const out: BimTcav['concepts'] = [];
  try {
    for (const c of concepts) {
      const concept = images(perSet, { object: c });
      const own = images(perClass, { object: c });
      try {
        const o = await tcav(models.object, { concept, randoms, images: own }, { layer, classes: [c] }, quiet);
        const s: number[] = [];
        let sig = 0;
        for (const [k, x] of sceneImages.entries()) {
          const r = (await tcav(models.scene, { concept, randoms, images: x }, { layer, classes: [k] }, quiet)).classes[0];
          s.push(score(r));
          if (r.significant) sig++;
        }
        out.push({
          concept: BIM_OBJECTS[c],
          object: score(o.classes[0]),
          scene: s.reduce((a, b) => a + b, 0) / s.length,
          objectSignificant: o.classes[0].significant,
          sceneSignificantClasses: sig,
        });
      } finally {
        tf.dispose([concept, own]);
      }
    }
  } finally {
    tf.dispose([...randoms, ...sceneImages]);
  }
  return { layer, concepts: out, mcs: out.reduce((a, r) => a + r.object - r.scene, 0) / Math.max(1, out.length) };
}
