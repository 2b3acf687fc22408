import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { CancelToken } from '../core/jobs';
import type { DecodedImage } from '../io/decoded';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { preprocess } from '../model/preprocess';
import { demo } from '../testing/shared-data';
import { MASK_BATCH, scoreMasked } from './score-masked';

// A linear model on a 4×4 grey image: logit_k = Σ_p W_k[p]·x[p], so hiding a
// set S with fill value v changes logit_k by Σ_{p∈S} W_k[p]·(v − x[p]).
const N = 16;
const W0 = Array.from({ length: N }, () => 1);
const W1 = Array.from({ length: N }, (_, p) => (p < 8 ? 2 : -1));
const X = Array.from({ length: N }, (_, p) => ((p + 1) * 15) / 255); // unit-scaled pixels

function linear(): Classifier {
  const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 2, useBias: false })] });
  const w = tf.tensor2d(
    W0.flatMap((a, p) => [a, W1[p]]),
    [N, 2],
  );
  m.layers[1].setWeights([w]);
  w.dispose();
  return layersClassifier(m);
}

const image: DecodedImage = {
  kind: 'raster',
  format: 'png',
  width: 4,
  height: 4,
  channels: 1,
  bitDepth: 8,
  data: Float32Array.from({ length: N }, (_, p) => (p + 1) * 15),
  min: 15,
  max: 240,
  window: [0, 255],
  invert: false,
  dicom: null,
  notes: [],
};
const info = { name: 'linear', numClasses: 2, labels: ['a', 'b'], preprocess: { preset: 'unit', resize: 'stretch' } } as unknown as ModelInfo;

const softmax2 = (l: number[]) => {
  const e = l.map(Math.exp);
  return e.map((v) => v / (e[0] + e[1]));
};
const maskOf = (ps: number[]) => {
  const m = new Uint8Array(N);
  for (const p of ps) m[p] = 1;
  return m;
};

let model: Classifier;
let input: tf.Tensor4D;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  model = linear();
  input = preprocess(image, info.preprocess, 4, 4, 1);
});
afterAll(() => {
  input.dispose();
  model.dispose();
});

const deps = () => ({ info, classifier: model, image: { name: 'x.png', width: 4, height: 4 }, input, signal: new CancelToken() });

describe('scoreMasked', () => {
  it('Δlogit and Δprob equal the hand computation for a zero fill and a white fill, with no tensors left', async () => {
    const before = tf.memory().numTensors;
    const topLeft = [0, 1, 4, 5];
    const bottom = [8, 9, 10, 11, 12, 13, 14, 15];
    const r = await scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [maskOf(topLeft)], fill: 'zero' });
    const w = await scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [maskOf(bottom)], fill: '#ffffff' });
    expect(tf.memory().numTensors).toBe(before);

    const l0 = [W0, W1].map((Wk) => Wk.reduce((a, v, p) => a + v * X[p], 0));
    const d0 = [W0, W1].map((Wk) => topLeft.reduce((a, p) => a - Wk[p] * X[p], 0)); // = −210/255 and −420/255
    const d1 = [W0, W1].map((Wk) => bottom.reduce((a, p) => a + Wk[p] * (1 - X[p]), 0));
    expect(d0[0]).toBeCloseTo(-210 / 255, 10);
    // Before: logit a = 136·15/255 = 8, logit b = (2·36 − 100)·15/255 < 0, so a is the target and ranks first.
    expect(l0[0]).toBeCloseTo(8, 10);
    expect(r.target).toBe(0);
    expect(r.classes.map((c) => c.index)).toEqual([0, 1]);
    for (const [res, d] of [
      [r, d0],
      [w, d1],
    ] as const) {
      const after = softmax2([l0[0] + d[0], l0[1] + d[1]]);
      const p0 = softmax2(l0);
      for (const c of res.results[0].classes) {
        expect(c.logitBefore).toBeCloseTo(l0[c.index], 4);
        expect(c.dLogit).toBeCloseTo(d[c.index], 4);
        expect(c.logitAfter - c.logitBefore).toBeCloseTo(c.dLogit, 6);
        expect(c.probAfter).toBeCloseTo(after[c.index], 5);
        expect(c.dProb).toBeCloseTo(after[c.index] - p0[c.index], 5);
      }
    }
    expect(r.results[0].area).toBe(4 / 16);
    expect(r.results[0].inputArea).toBeCloseTo(4 / 16, 6);
    expect(w.results[0].area).toBe(8 / 16);
  });

  it('batches: 20 masks (more than one pass of 16) score as each mask alone', async () => {
    const masks = Array.from({ length: 20 }, (_, i) => maskOf([i % N, (3 * i) % N]));
    expect(masks.length).toBeGreaterThan(MASK_BATCH);
    const all = await scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks, fill: 'mean' });
    for (const i of [0, 15, 16, 19]) {
      const one = await scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [masks[i]], fill: 'mean' });
      all.results[i].classes.forEach((c, k) => expect(c.logitAfter).toBeCloseTo(one.results[0].classes[k].logitAfter, 5));
    }
  });

  it('refuses a mask of the wrong size, a bad fill and a bad target, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    await expect(scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [new Uint8Array(15)], fill: 'zero' })).rejects.toThrow(
      'mask 0 has 15 pixels; x.png is 4×4 (16)',
    );
    await expect(scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [maskOf([0])], fill: 'purple' })).rejects.toThrow(/fill "purple"/);
    await expect(scoreMasked(deps(), { modelId: 'm', imageId: 'i', masks: [maskOf([0])], fill: 'zero', target: 5 })).rejects.toThrow(
      /target 5 is out of range/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the engine op on the digits demo', () => {
  const engine = new LocalEngine();
  let modelId = '';
  let imageId = '';
  beforeAll(async () => {
    modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
    imageId = (await engine.openImage({ path: demo('digits', 'samples', 'digit-7.png') })).id;
  });
  afterAll(() => engine.close());

  it('hiding the whole digit with black lowers the "7"; the unmasked scores equal predict(); no leaks', async () => {
    const p = await engine.predict({ modelId, imageId, topK: 3 });
    const before = tf.memory().numTensors;
    const r = await engine.scoreMasked({ modelId, imageId, masks: [new Uint8Array(28 * 28).fill(1), new Uint8Array(28 * 28)], fill: 'zero', topK: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.classes.map((c) => c.label)).toEqual(p.top.map((c) => c.label));
    r.classes.forEach((c, i) => expect(c.probability).toBeCloseTo(p.top[i].probability, 5));
    const seven = r.results[0].classes.find((c) => c.label === '7')!;
    expect(seven.dLogit).toBeLessThan(0);
    expect(r.results[0].area).toBe(1);
    // An empty mask changes nothing.
    for (const c of r.results[1].classes) expect(Math.abs(c.dLogit)).toBeLessThan(1e-5);
    // The second call reuses the cached unmasked logits (one forward pass less): same numbers.
    const again = await engine.scoreMasked({ modelId, imageId, masks: [new Uint8Array(28 * 28).fill(1)], fill: 'zero', topK: 3 });
    expect(again.classes).toEqual(r.classes);
    again.results[0].classes.forEach((c, i) => expect(c.logitAfter).toBeCloseTo(r.results[0].classes[i].logitAfter, 5));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the image and its size when a mask does not fit, and refuses bad fills before any work', async () => {
    await expect(engine.scoreMasked({ modelId, imageId, masks: [new Uint8Array(100)], fill: 'zero' })).rejects.toThrow(
      'mask 0 has 100 pixels; digit-7.png is 28×28 (784)',
    );
    await expect(engine.scoreMasked({ modelId, imageId, masks: [new Uint8Array(784)], fill: 'grey' })).rejects.toThrow(
      /"fill" must be zero, mean, blur, noise or a colour/,
    );
  });
});
