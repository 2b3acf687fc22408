// TCAV on a hand-built model whose answer is known. Input 8×8 grey; layer
// 'feat' is the identity (1×1 conv), so activation space is pixel space. The
// class-1 score is S₁ = relu(p·A + 40) − Σₖ wₖ relu(Wₖ·A) with p the zero-mean
// vertical-stripe pattern (±1 by column; the +40 keeps that unit always on) and
// 15 random hidden units (centred: each on for about half the noise images), so ∂S₁/∂A = p + (an image-dependent random part).
// Stripe images as the concept give a CAV ≈ p/‖p‖, along which every image's
// derivative is positive: TCAV ≈ 1, significant. Random images as the concept
// give random CAVs, the same distribution as the null: insignificant.
// S₀ = −relu(p·A + 40): its derivative along the stripe CAV is always negative.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { batchCtx } from '../metrics/fixtures';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { mulberry32 } from '../shared/random';
import { classGradients, layerActivations, tcav, tcavScore } from './tcav';

const S = 8;
const H = 16;
const p = Float32Array.from({ length: S * S }, (_, i) => ((i % S) % 2 === 0 ? 1 : -1));

function stripeModel(seed: number): Classifier {
  const rand = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'feat', inputShape: [S, S, 1], filters: 1, kernelSize: 1, useBias: false }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ name: 'hidden', units: H, activation: 'relu' }),
      tf.layers.dense({ name: 'out', units: 2, activation: 'softmax' }),
    ],
  });
  const w1 = new Float32Array(S * S * H);
  const b1 = new Float32Array(H);
  const w2 = new Float32Array(H * 2);
  for (let i = 0; i < S * S; i++) {
    w1[i * H] = p[i];
    for (let k = 1; k < H; k++) w1[i * H + k] = normal();
  }
  b1[0] = 40;
  // Centre the random units on the mean image (0.5 everywhere) so each is on for about half the images.
  for (let k = 1; k < H; k++) for (let i = 0; i < S * S; i++) b1[k] -= 0.5 * w1[i * H + k];
  w2[0] = -1; // S₀
  w2[1] = 1; // S₁
  for (let k = 1; k < H; k++) w2[k * 2 + 1] = rand() < 0.5 ? -1.5 : 1.5;
  const ws = [tf.ones([1, 1, 1, 1]), tf.tensor2d(w1, [S * S, H]), tf.tensor1d(b1), tf.tensor2d(w2, [H, 2]), tf.zeros([2])];
  model.getLayer('feat').setWeights([ws[0]]);
  model.getLayer('hidden').setWeights([ws[1], ws[2]]);
  model.getLayer('out').setWeights([ws[3], ws[4]]);
  tf.dispose(ws);
  return layersClassifier(model);
}

const noise = (n: number, rand: () => number): tf.Tensor4D => tf.tensor4d(Float32Array.from({ length: n * S * S }, rand), [n, S, S, 1]);
const stripes = (n: number, rand: () => number): tf.Tensor4D =>
  tf.tensor4d(
    Float32Array.from({ length: n * S * S }, (_, i) => 0.5 + 0.3 * p[i % (S * S)] + 0.4 * (rand() - 0.5)),
    [n, S, S, 1],
  );

describe('TCAV on a model with a known stripe direction', () => {
  let model: Classifier;
  let images: tf.Tensor4D;
  let concept: tf.Tensor4D;
  let randomConcept: tf.Tensor4D;
  let randoms: tf.Tensor4D[];
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    model = stripeModel(5);
    const rand = mulberry32(9);
    images = noise(40, rand);
    concept = stripes(30, rand);
    randomConcept = noise(30, rand);
    randoms = Array.from({ length: 10 }, () => noise(30, rand));
  });
  afterAll(() => {
    tf.dispose([images, concept, randomConcept, ...randoms]);
    model.dispose();
  });

  it('activations are the pixels (identity layer) and the class-1 gradient is p plus the active units', async () => {
    const ctx = batchCtx();
    const x = images.slice(0, 3);
    const a = await layerActivations(model, 'feat', x, ctx, 2);
    expect(Array.from(a)).toEqual(Array.from(x.dataSync()));
    const g = await classGradients(model, 'feat', x, 1, ctx, 2);
    const lm = model.layerGraph!;
    const [w1, b1] = lm
      .getLayer('hidden')
      .getWeights()
      .map((t) => t.arraySync() as number[][] | number[]);
    const w2 = lm.getLayer('out').getWeights()[0].arraySync() as number[][];
    const px = x.dataSync();
    for (let n = 0; n < 3; n++) {
      for (const i of [0, 17, 63]) {
        let want = 0;
        for (let k = 0; k < H; k++) {
          let z = (b1 as number[])[k];
          for (let j = 0; j < S * S; j++) z += (w1 as number[][])[j][k] * px[n * S * S + j];
          if (z > 0) want += (w1 as number[][])[i][k] * w2[k][1];
        }
        expect(g[n * S * S + i]).toBeCloseTo(want, 4);
      }
    }
    x.dispose();
    // tcavScore counts strictly positive dot products.
    expect(tcavScore(Float32Array.from([1, 0, -1, 0, 0, 0]), Float64Array.from([1, 0]))).toBeCloseTo(1 / 3, 12);
  });

  it('stripes: TCAV(class 1) ≈ 1 and significant, TCAV(class 0) ≈ 0; a random concept is insignificant; no tensors leak', async () => {
    const before = tf.memory().numTensors;
    const ctx = batchCtx();
    const r = await tcav(model, { concept, randoms, images }, { layer: 'feat', classes: [1, 0] }, ctx);
    const rr = await tcav(model, { concept: randomConcept, randoms, images }, { layer: 'feat', classes: [1], hypotheses: 1 }, batchCtx());
    expect(tf.memory().numTensors).toBe(before);
    const fmt = (c: (typeof r.classes)[number]): string =>
      `mean ${c.mean.toFixed(3)}±${c.std.toFixed(3)} vs null ${c.nullMean.toFixed(3)}±${c.nullStd.toFixed(3)}, t ${c.t.toFixed(2)}, df ${c.df.toFixed(1)}, p ${c.p.toExponential(2)}`;
    console.log(
      `[tcav stripes] class 1: ${fmt(r.classes[0])}; class 0: ${fmt(r.classes[1])}; CAV acc ${Math.min(...r.cavAccuracy)}..${Math.max(...r.cavAccuracy)}, null CAV acc ${Math.min(...r.nullCavAccuracy).toFixed(2)}..${Math.max(...r.nullCavAccuracy).toFixed(2)}`,
    );
    console.log(`[tcav random concept] class 1: ${fmt(rr.classes[0])}`);
    expect(r.dim).toBe(S * S);
    expect(r.cavAccuracy.every((a) => a === 1)).toBe(true);
    const [c1, c0] = r.classes;
    expect(c1.scores).toHaveLength(10);
    expect(c1.mean).toBeGreaterThan(0.97);
    expect(c1.significant).toBe(true);
    expect(c1.p).toBeLessThan(0.01); // also under a Bonferroni correction for the two classes
    expect(c1.nullMean).toBeGreaterThan(0.25);
    expect(c1.nullMean).toBeLessThan(0.75);
    expect(c0.mean).toBeLessThan(0.03);
    const c = rr.classes[0];
    expect(c.significant).toBe(false);
    expect(c.p).toBeGreaterThan(0.05);
    expect(ctx.calls.at(-1)).toBe('random CAV 10/10');
    expect(ctx.calls).toHaveLength(1 + 10 + 2 + 20);
  });

  it('Bonferroni divides α by the number of hypotheses; a cancel stops the run', async () => {
    const r = await tcav(model, { concept, randoms: randoms.slice(0, 3), images }, { layer: 'feat', classes: [1], hypotheses: 4 }, batchCtx());
    expect(r.alpha).toBeCloseTo(0.0125, 12);
    const signal = new CancelToken();
    let calls = 0;
    await expect(
      tcav(model, { concept, randoms, images }, { layer: 'feat', classes: [1] }, { signal, progress: () => void (++calls === 3 && signal.cancel()) }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    await expect(tcav(model, { concept, randoms: randoms.slice(0, 1), images }, { layer: 'feat', classes: [1] }, batchCtx())).rejects.toThrow(
      /at least 2 random sets/,
    );
  });
});
