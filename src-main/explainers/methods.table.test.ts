// The method × backend table (ARCHITECTURE.md, Tests; tfjs' describeWithFlags,
// Captum's test_config.py): every registered method, on every backend here,
// through runMethod as the engine runs it, on small seeded models. Each row
// checks shape, finiteness, structure and leaks; a row with an oracle checks
// the map against a plain-loop closed form; then the backends must agree.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParamValues } from '../api/types';
import type { Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { mulberry32 } from '../shared/random';
import { AVAILABLE_BACKENDS, describeEachBackend, type TestBackend } from '../testing/each-backend';
import { maxRelDiff, reluConv, residualModel } from './cam/fixtures';
import { linearModel, smallConvNet } from './perturbation/fixtures';
import { getMethod, METHODS } from './registry';
import { runMethod } from './run';

type ModelName = 'linear' | 'conv' | 'gap' | 'residual';
const SHAPES: Record<ModelName, [number, number, number]> = { linear: [4, 5, 3], conv: [6, 8, 3], gap: [6, 10, 3], residual: [8, 8, 3] };

/** A model, its input and the host numbers an oracle needs, built on the current backend. */
interface Fixture {
  model: Classifier;
  input: tf.Tensor4D;
  x: Float32Array;
  shape: [number, number, number];
  /** linear: the class kernels, [h·w·c] each. */
  kernel?: Float32Array[];
  /** gap: activations at layer `a` by plain loops, [h·w·K], and the dense weights [K·classes]. */
  A?: Float32Array;
  dense?: Float32Array;
}

/** The closed form of the map, and the relative max difference allowed from it. */
interface Oracle {
  of(f: Fixture, target: number): ArrayLike<number>;
  tol: number;
}

interface Row {
  method: string;
  model: ModelName;
  params?: ParamValues;
  target?: number;
  /** The four quadrants as drawn regions (LIME, KernelSHAP). */
  regions?: true;
  oracle?: Oracle;
  /** Why this map may be constant (the structure check is then skipped). */
  flat?: string;
}

const uniform = (n: number, seed: number, lo = 0, hi = 1): Float32Array => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
};

/** Σ_c v(i, c) at each pixel, i = p·c + channel. */
function channelSum(f: Fixture, v: (i: number, ch: number) => number): Float64Array {
  const [h, w, c] = f.shape;
  return Float64Array.from({ length: h * w }, (_, p) => {
    let s = 0;
    for (let ch = 0; ch < c; ch++) s += v(p * c + ch, ch);
    return s;
  });
}
const channelMin = (f: Fixture, ch: number): number => Math.min(...f.x.filter((_, i) => i % f.shape[2] === ch));

// Linear model S_t = k_t · x: every gradient is k_t, every path integral exact.
const gradOf = (f: Fixture, t: number) => channelSum(f, (i) => f.kernel![t][i]);
const wx = (f: Fixture, t: number) => channelSum(f, (i) => f.kernel![t][i] * f.x[i]);
const wdx = (f: Fixture, t: number) => channelSum(f, (i, ch) => f.kernel![t][i] * (f.x[i] - channelMin(f, ch))); // black = per-channel min
function absMax(f: Fixture, t: number, power = 1): Float64Array {
  const [h, w, c] = f.shape;
  return Float64Array.from({ length: h * w }, (_, p) => Math.max(...Array.from({ length: c }, (_, ch) => Math.abs(f.kernel![t][p * c + ch]))) ** power);
}
// Quadrant regions of the linear input: the Shapley value of a region (hidden = 0) is its Σ k·x.
const quadrant = (p: number, [h, w]: number[]): number => (Math.floor(p / w) < h / 2 ? 0 : 2) + (p % w < w / 2 ? 0 : 1);
function regionShapley(f: Fixture, t: number): Float64Array {
  const m = wx(f, t);
  const phi = [0, 0, 0, 0];
  m.forEach((v, p) => (phi[quadrant(p, f.shape)] += v));
  return m.map((_, p) => phi[quadrant(p, f.shape)]);
}
// GAP → dense head: ∂S_t/∂A_k = D_kt / N everywhere, so the CAM family has closed forms.
function camByHand(f: Fixture, t: number, scale: (d: number) => number): Float64Array {
  const [h, w] = f.shape;
  const K = f.A!.length / (h * w);
  const classes = f.dense!.length / K;
  return Float64Array.from({ length: h * w }, (_, p) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += scale(f.dense![k * classes + t]) * f.A![p * K + k];
    return Math.max(0, s);
  });
}
/** Fake-CAM: 1/N everywhere but the top-left pixel. */
const fakeCamByHand = (f: Fixture): Float64Array => Float64Array.from({ length: f.shape[0] * f.shape[1] }, (_, p) => (p ? 1 / (f.shape[0] * f.shape[1]) : 0));
const N_GAP = SHAPES.gap[0] * SHAPES.gap[1];
const exact = (of: Oracle['of'], tol = 1e-5): Oracle => ({ of, tol });

/** Methods without a row, each with its reason (a registered method needs one or the other). */
const SKIPPED: Record<string, string> = {};

const SG = { samples: 6, seed: 3 };
const ROWS: Row[] = [
  { method: 'saliency', model: 'linear', oracle: exact((f, t) => absMax(f, t)) },
  { method: 'saliency', model: 'conv' },
  { method: 'gradient-input', model: 'linear', oracle: exact(wx) },
  { method: 'gradient-input', model: 'conv' },
  { method: 'integrated-gradients', model: 'linear', params: { steps: 4 }, oracle: exact(wdx) },
  { method: 'integrated-gradients', model: 'conv', params: { steps: 8 } },
  { method: 'gradient-shap', model: 'linear', params: { samples: 4, baselines: 'black' }, oracle: exact(wdx) },
  { method: 'gradient-shap', model: 'conv', params: { samples: 8, seed: 1 } },
  { method: 'smoothgrad', model: 'linear', params: SG, oracle: exact((f, t) => absMax(f, t)) },
  { method: 'smoothgrad', model: 'conv', params: SG },
  { method: 'smoothgrad-sq', model: 'linear', params: SG, oracle: exact((f, t) => absMax(f, t, 2)) },
  { method: 'smoothgrad-sq', model: 'conv', params: { ...SG, base: 'gradient-input' } },
  {
    method: 'vargrad',
    model: 'linear',
    params: SG,
    oracle: { of: (f) => new Float64Array(f.x.length / 3), tol: 1e-6 },
    flat: 'saliency of a linear model does not vary',
  },
  { method: 'vargrad', model: 'conv', params: { ...SG, base: 'integrated-gradients', 'base.steps': 4 } },
  { method: 'guided-backprop', model: 'linear', oracle: exact(gradOf) }, // no ReLU to guide: the plain gradient
  { method: 'guided-backprop', model: 'conv' },
  { method: 'deconvnet', model: 'linear', oracle: exact(gradOf) },
  { method: 'deconvnet', model: 'conv' },
  { method: 'deeplift', model: 'linear', oracle: exact(wdx) },
  { method: 'deeplift', model: 'conv' },
  { method: 'lrp', model: 'linear', params: { rule: 'epsilon', epsilon: 1e-6 }, oracle: exact(wx) }, // ε → 0: Gradient × Input
  { method: 'lrp', model: 'conv' },
  { method: 'xrai', model: 'conv', params: { steps: 4, scales: '50,150', minSize: 20 } },
  { method: 'cam', model: 'gap', target: 1, oracle: exact((f, t) => camByHand(f, t, (d) => d)) },
  { method: 'gradcam', model: 'gap', target: 1, oracle: exact((f, t) => camByHand(f, t, (d) => d / N_GAP)) },
  { method: 'gradcam', model: 'residual', target: 1 },
  { method: 'hirescam', model: 'gap', target: 1, oracle: exact((f, t) => camByHand(f, t, (d) => d / N_GAP)) },
  { method: 'xgradcam', model: 'gap', target: 1, oracle: exact((f, t) => camByHand(f, t, (d) => d / N_GAP)) },
  { method: 'layercam', model: 'gap', target: 1, oracle: exact((f, t) => camByHand(f, t, (d) => Math.max(0, d) / N_GAP)) },
  { method: 'gradcam-plus-plus', model: 'residual', target: 1 },
  { method: 'smoothgrad-cam-plus-plus', model: 'residual', target: 1, params: { samples: 3, noise: 0.1, seed: 1, batch: 2 } },
  { method: 'eigencam', model: 'residual' },
  { method: 'guided-gradcam', model: 'residual', target: 1 },
  { method: 'scorecam', model: 'residual', target: 1 },
  { method: 'ablationcam', model: 'residual' }, // class 0: class 1's Ablation-CAM map is all zero on this fixture
  { method: 'occlusion', model: 'linear', params: { window: 1, stride: 1, fill: 'zero' }, oracle: exact(wx) },
  { method: 'occlusion', model: 'conv', params: { window: 3, stride: 2 } },
  { method: 'rise', model: 'conv', params: { samples: 64, grid: 3, seed: 2 } },
  { method: 'lime', model: 'conv', params: { samples: 64, segments: 6, seed: 2 } },
  { method: 'kernel-shap', model: 'linear', params: { fill: 'zero' }, regions: true, oracle: exact(regionShapley) },
  { method: 'kernel-shap', model: 'conv', params: { segments: 6, samples: 40, seed: 2 } },
  { method: 'meaningful-perturbation', model: 'conv', params: { iterations: 12, maskSize: 3, jitter: 1, fill: 'zero', output: 'logit', seed: 2 } },
  { method: 'random-map', model: 'conv', params: { seed: 5 } },
  { method: 'fake-cam', model: 'conv', oracle: exact(fakeCamByHand) },
  { method: 'sobel', model: 'conv' },
];
const rowName = (r: Row): string => `${r.method} on ${r.model}${r.params && Object.keys(r.params).length ? ` ${JSON.stringify(r.params)}` : ''}`;

function gapModel(): tf.LayersModel {
  const inp = tf.input({ shape: SHAPES.gap });
  const A = reluConv('a', 5).apply(inp) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(A) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ name: 'probs', units: 5, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 6 }) });
  return tf.model({ inputs: inp, outputs: dense.apply(pooled) as tf.SymbolicTensor });
}

/** ReLU(conv3×3 same + bias), in plain loops from the layer's weights: [h·w·F]. */
function convByHand(x: Float32Array, [h, w, c]: number[], kernel: Float32Array, bias: Float32Array): Float32Array {
  const F = bias.length;
  const out = new Float32Array(h * w * F);
  for (let y = 0; y < h; y++)
    for (let xx = 0; xx < w; xx++)
      for (let f = 0; f < F; f++) {
        let s = bias[f];
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const [yy, xs] = [y + dy, xx + dx];
            if (yy < 0 || yy >= h || xs < 0 || xs >= w) continue;
            for (let ch = 0; ch < c; ch++) s += kernel[(((dy + 1) * 3 + dx + 1) * c + ch) * F + f] * x[(yy * w + xs) * c + ch];
          }
        out[(y * w + xx) * F + f] = Math.max(0, s);
      }
  return out;
}

function buildFixture(name: ModelName): Fixture {
  const shape = SHAPES[name];
  const [h, w, c] = shape;
  const x = uniform(h * w * c, 11);
  const input = tf.tensor4d(x, [1, h, w, c]);
  if (name === 'linear') {
    const kernel = [0, 1, 2].map((k) => uniform(h * w * c, 20 + k, -1, 1));
    return { model: linearModel(h, w, c, kernel), input, x, shape, kernel };
  }
  if (name === 'conv') return { model: smallConvNet(h, w, c), input, x, shape };
  if (name === 'residual') return { model: layersClassifier(residualModel().model), input, x, shape };
  const m = gapModel();
  const [k, b] = m.getLayer('a').getWeights();
  const A = convByHand(x, shape, k.dataSync() as Float32Array, b.dataSync() as Float32Array);
  return { model: layersClassifier(m), input, x, shape, A, dense: m.getLayer('probs').getWeights()[0].dataSync() as Float32Array };
}

const MODELS = [...new Set(ROWS.map((r) => r.model))];
/** Row name → backend → map, for the agreement check after every backend has run. */
const maps = new Map<string, Map<TestBackend, Float32Array>>();

describe('the table covers the registry', () => {
  it('has a row for every registered method, or a reason for its absence; every row names a method', () => {
    expect(METHODS.length).toBeGreaterThan(0);
    for (const m of METHODS) {
      const covered = ROWS.some((r) => r.method === m.id);
      expect(covered || (SKIPPED[m.id] ?? '').trim().length > 0, `${m.id}: no row and no reason to skip it`).toBe(true);
      if (covered) expect(SKIPPED[m.id], `${m.id} has rows yet is listed as skipped`).toBeUndefined();
    }
    for (const r of ROWS) expect(() => getMethod(r.method)).not.toThrow();
    expect(new Set(ROWS.map(rowName)).size).toBe(ROWS.length);
  });
});

describeEachBackend(AVAILABLE_BACKENDS, 'every method', (backend) => {
  const fx = {} as Record<ModelName, Fixture>;
  beforeAll(() => {
    for (const name of MODELS) fx[name] = buildFixture(name);
  });
  afterAll(() => {
    for (const f of Object.values(fx)) {
      f.input.dispose();
      f.model.dispose();
    }
  });

  for (const row of ROWS) {
    it(rowName(row), async () => {
      const f = fx[row.model];
      const [h, w] = f.shape;
      const target = row.target ?? 0;
      const method = getMethod(row.method);
      const regions = row.regions ? { labels: Int32Array.from({ length: h * w }, (_, p) => quadrant(p, f.shape)), count: 4 } : undefined;
      expect(tf.getBackend()).toBe(backend);
      const before = tf.memory().numTensors;
      const out = await runMethod({ method, model: f.model, input: f.input, target, layer: method.needsLayer ? 'a' : null, params: row.params, regions });
      const left = tf.memory().numTensors - before;
      // Kept before any check fails, so the agreement below is judged on its own.
      if (!maps.has(rowName(row))) maps.set(rowName(row), new Map());
      maps.get(rowName(row))!.set(backend, out.map);
      expect(left, 'tensors left').toBe(0);
      expect(out.shape).toEqual([h, w]);
      expect(out.map.length).toBe(h * w);
      expect(out.map.every(Number.isFinite)).toBe(true);
      const [lo, hi] = [Math.min(...out.map), Math.max(...out.map)];
      if (!row.flat) expect(hi - lo, 'a constant map').toBeGreaterThan(1e-6 * Math.max(1, Math.abs(hi)));
      if (row.oracle) expect(maxRelDiff(out.map, row.oracle.of(f, target)), 'from the oracle').toBeLessThanOrEqual(row.oracle.tol);
    });
  }
});

describe.skipIf(AVAILABLE_BACKENDS.length < 2)('the backends agree', () => {
  const reference = AVAILABLE_BACKENDS[AVAILABLE_BACKENDS.length - 1];
  for (const row of ROWS) {
    it(`${rowName(row)}: every backend within 1e-4 of ${reference}`, () => {
      const byBackend = maps.get(rowName(row));
      expect(byBackend?.size, 'maps from every backend (was the table filtered?)').toBe(AVAILABLE_BACKENDS.length);
      for (const b of AVAILABLE_BACKENDS) expect(maxRelDiff(byBackend!.get(b)!, byBackend!.get(reference)!), b).toBeLessThanOrEqual(1e-4);
    });
  }
});
