// LIME (Ribeiro, Singh & Guestrin 2016) for images, as lime_image's
// LimeImageExplainer: K interpretable features (superpixels, or the user's
// drawn regions), `samples` binary vectors z (the first all ones, the rest
// uniform bits), the perturbed image shows feature k where z_k = 1 and the
// fill elsewhere; each sample weighs π = √exp(−d²/width²) with d the cosine
// distance between z and the all-ones vector; a weighted ridge (α = 1, with
// intercept, sklearn's Ridge) fits the target score on z. The map gives each
// pixel its feature's weight; extras carry the weights, intercept and the
// surrogate's weighted R² (lime's `score`).
//
// Documented choices: the score regressed is the logit by default (`output`),
// lime regresses the probability; lime's default feature selection keeps every
// feature when there are more than 6 (`highest_weights` over all of them), so
// no selection is made here.
import type { Method } from '../types';
import { batchParam, outputParam, seedParam, type Output } from './common';
import { weightedRidge } from '../../numerics/linalg';
import { featureFillParam, hiddenForFeatures, interpretableFeatures, scoreCoalitions, segmentationParams } from './segments';
import { mulberry32 } from '../../shared/random';

/** lime's kernel on the cosine distance of a k-of-K vector to all ones: d = 1 − √(k/K). */
export function limeWeight(k: number, K: number, width: number): number {
  const d = k === 0 ? 1 : 1 - Math.sqrt(k / K);
  return Math.sqrt(Math.exp(-(d * d) / (width * width)));
}

/** N×K bits: row 0 all ones, then uniform bits, in draw order. */
export function limeSamples(rand: () => number, n: number, K: number): Uint8Array {
  const Z = new Uint8Array(n * K);
  Z.fill(1, 0, K);
  for (let i = K; i < n * K; i++) Z[i] = rand() < 0.5 ? 1 : 0;
  return Z;
}

export const lime: Method = {
  id: 'lime',
  label: 'LIME',
  family: 'perturbation',
  paper: 'Ribeiro, Singh & Guestrin 2016, "Why Should I Trust You?": Explaining the Predictions of Any Classifier (arXiv:1602.04938)',
  needsLayer: false,
  usesGradients: false,
  parallel: 'forward',
  acceptsRegions: true,
  params: [
    { name: 'samples', type: 'int', default: 1000, min: 2, max: 100000, help: 'Perturbed samples (the first shows everything).' },
    {
      name: 'kernelWidth',
      type: 'float',
      default: 0.25,
      min: 0.01,
      max: 100,
      help: 'Width of the exponential kernel on the cosine distance to the unperturbed sample.',
    },
    ...segmentationParams,
    featureFillParam,
    outputParam('logit'),
    batchParam,
    seedParam,
  ],
  async run(ctx) {
    ctx.signal.check();
    const {
      samples: n,
      kernelWidth,
      batch,
      output,
      seed,
    } = ctx.params as { samples: number; kernelWidth: number; batch: number; output: Output; seed: number };
    const [, h, w] = ctx.input.shape;
    const feats = await interpretableFeatures(ctx);
    const K = feats.count;
    const Z = limeSamples(mulberry32(seed), n, K);
    const hidden = await hiddenForFeatures(ctx, feats, seed);
    let y: Float32Array;
    try {
      y = await scoreCoalitions(ctx, feats, Z, n, hidden, batch, output);
    } finally {
      hidden.dispose();
    }
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let j = 0; j < K; j++) k += Z[i * K + j];
      weights[i] = limeWeight(k, K, kernelWidth);
    }
    const fit = weightedRidge(Z, y, weights, n, K, 1);
    const map = Float32Array.from(feats.labels, (l) => fit.coef[l]);
    return {
      map,
      shape: [h, w],
      extras: {
        segmentWeights: Array.from(fit.coef),
        intercept: fit.intercept,
        r2: fit.r2,
        segments: K,
        features: feats.source,
        localPrediction: fit.intercept + fit.coef.reduce((a, b) => a + b, 0),
        scoreInput: y[0],
        samples: n,
      },
    };
  },
};
