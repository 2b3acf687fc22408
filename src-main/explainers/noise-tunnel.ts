// Noise tunnel (Smilkov et al. 2017, SmoothGrad; Adebayo et al. 2018, VarGrad;
// Captum's noise_tunnel.py): runs a gradient-family base method on n noisy
// copies x + N(0, σ²), σ = noise × (max − min of x), and aggregates the maps —
// mean (smoothgrad), mean of squares (smoothgrad-sq), variance (vargrad).
// It composes: the base is any registry gradient method, called through its
// own `run` with its own parameters, given as `base.<name>` (e.g. base.steps=8
// for base=integrated-gradients) and checked against the base's schema by the
// same resolver (MethodDescriptor.passThrough). The registry passes a getter
// for its list, so this file imports no registry (no import cycle) and the
// `base` options and flags are read lazily, after every method is registered.
import * as tf from '@tensorflow/tfjs';
import type { ParamValues } from '../api/types';
import { StudioError } from '../api/errors';
import { yieldToLoop } from '../core/jobs';
import { sharedMap } from '../core/share';
import { scoreGradient } from './baselines';
import { shareRanges, reportShare } from './batches';
import { resolveParams, type Schema } from './resolve-params';
import type { ExplainContext, Method } from './types';

export const TUNNEL_IDS = ['smoothgrad', 'smoothgrad-sq', 'vargrad'] as const;
type Kind = (typeof TUNNEL_IDS)[number];

/** The input plus sample i's seeded Gaussian noise; the same for any batch size. */
export function noisyInput(x: tf.Tensor4D, sigma: number, seed: number, i: number): tf.Tensor4D {
  return sigma > 0 ? tf.tidy(() => x.add(tf.randomNormal(x.shape, 0, sigma, 'float32', seed * 100003 + i + 1)) as tf.Tensor4D) : x.clone();
}

/** Welford running mean and M2 per pixel, in float64: the variance cannot go negative. */
class Moments {
  n = 0;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  constructor(size: number) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }
  add(v: ArrayLike<number>, offset = 0): void {
    this.n++;
    for (let j = 0; j < this.mean.length; j++) {
      const x = v[offset + j];
      const d = x - this.mean[j];
      this.mean[j] += d / this.n;
      this.m2[j] += d * (x - this.mean[j]);
    }
  }
  result(kind: Kind): Float32Array {
    const out = new Float32Array(this.mean.length);
    for (let j = 0; j < out.length; j++) {
      const v = this.m2[j] / this.n;
      out[j] = kind === 'smoothgrad' ? this.mean[j] : kind === 'vargrad' ? v : v + this.mean[j] ** 2;
    }
    return out;
  }
}

function eligible(bases: () => readonly Method[]): Method[] {
  // Tunnels first: their own flags read this list.
  return bases().filter((m) => !(TUNNEL_IDS as readonly string[]).includes(m.id) && m.usesGradients && m.family === 'gradient');
}

/** Saliency's maps for `batch` noisy inputs per backward pass, instead of one run per sample: [n·h·w] per batch. */
async function saliencyBatch(ctx: ExplainContext, s: number, e: number, sigma: number, seed: number): Promise<Float32Array> {
  const xs = tf.tidy(() => tf.concat(Array.from({ length: e - s }, (_, k) => noisyInput(ctx.input, sigma, seed, s + k))) as tf.Tensor4D);
  let g: tf.Tensor4D;
  try {
    g = await scoreGradient(ctx.model, xs, ctx.target);
  } finally {
    xs.dispose();
  }
  const maps = tf.tidy(() => g.abs().max(3));
  g.dispose();
  const data = (await maps.data()) as Float32Array;
  maps.dispose();
  return data;
}

const PREFIX = 'base.';

/** The base's own parameters out of the tunnel's: `base.steps` → `steps`, defaults filled, checked. */
function baseParams(base: Method, params: ParamValues): ParamValues {
  return resolveParams(
    base,
    Object.fromEntries(
      Object.entries(params)
        .filter(([k]) => k.startsWith(PREFIX))
        .map(([k, v]) => [k.slice(PREFIX.length), v]),
    ),
  );
}

function tunnel(kind: Kind, label: string, paper: string, bases: () => readonly Method[]): Method & Schema {
  return {
    id: kind,
    label,
    family: 'gradient',
    paper,
    // The bases' capabilities: a tunnel needs a layer when its base may (it hands the base its context).
    get needsLayer() {
      return eligible(bases).some((m) => m.needsLayer);
    },
    get usesGradients() {
      return eligible(bases).some((m) => m.usesGradients);
    },
    parallel: 'tfjs',
    passThrough: { param: 'base', prefix: PREFIX },
    passThroughSchema: (id) => eligible(bases).find((m) => m.id === id),
    params: [
      {
        name: 'base',
        type: 'enum',
        default: 'saliency',
        get options() {
          return eligible(bases).map((m) => m.id);
        },
        help: 'Gradient method run on each noisy copy; its own parameters as base.<name> (e.g. base.steps=8), else its defaults.',
      },
      { name: 'samples', type: 'int', default: 50, min: 1, max: 1024, help: 'Noisy copies of the input.' },
      { name: 'noise', type: 'float', default: 0.15, min: 0, max: 1, help: 'Noise σ as a fraction of the input value range (Smilkov et al.: 10–20%).' },
      { name: 'seed', type: 'int', default: 0, min: 0, help: 'Seed of the noise: the same seed gives the same map.' },
      { name: 'batch', type: 'int', default: 16, min: 1, max: 256, help: 'Internal batch size (used when the base is saliency).' },
    ],
    async run(ctx) {
      ctx.signal.check();
      const { base: baseId, samples: n, noise, seed, batch } = ctx.params as { base: string; samples: number; noise: number; seed: number; batch: number };
      const base = eligible(bases).find((m) => m.id === baseId);
      if (!base)
        throw new StudioError(
          'bad-param',
          `${kind}: base "${baseId}" is not a gradient method (known: ${eligible(bases)
            .map((m) => m.id)
            .join(', ')})`,
        );
      const [, h, w] = ctx.input.shape;
      const range = tf.tidy(() => ctx.input.max().sub(ctx.input.min()));
      const sigma = noise * (await range.data())[0];
      range.dispose();
      const acc = new Moments(h * w);
      const params = base.id === 'saliency' ? null : baseParams(base, ctx.params);
      // Saliency in batches of samples, any other base one sample at a time; either may run in other
      // engine workers (core/share.ts), and the maps are accumulated in sample order.
      const ranges = params ? Array.from({ length: n }, (_, i): [number, number] => [i, i + 1]) : shareRanges(n, batch);
      const parts = await sharedMap(
        ranges.length,
        async (b) => {
          ctx.signal.check();
          const [s, e] = ranges[b];
          let maps: Float32Array;
          if (!params) maps = await saliencyBatch(ctx, s, e, sigma, seed);
          else {
            const input = noisyInput(ctx.input, sigma, seed, s);
            try {
              maps = (await base.run({ ...ctx, input, params, progress: () => {} })).map;
            } finally {
              input.dispose();
            }
          }
          await yieldToLoop();
          return maps;
        },
        { onItem: (k, own, b) => reportShare(ctx, k, own, n, 'noisy samples', own === ranges.length ? ranges[b][1] : undefined) },
      );
      ctx.signal.check();
      for (const maps of parts) for (let k = 0; k < maps.length / (h * w); k++) acc.add(maps, k * h * w);
      return { map: acc.result(kind), shape: [h, w], extras: { base: base.id, samples: n, sigma } };
    },
  };
}

/** The three tunnels over the registry's gradient methods, read through `bases` at run time. */
export function noiseTunnelMethods(bases: () => readonly Method[]): (Method & Schema)[] {
  return [
    tunnel('smoothgrad', 'SmoothGrad', 'Smilkov, Thorat, Kim, Viégas & Wattenberg 2017, SmoothGrad (arXiv:1706.03825)', bases),
    tunnel('smoothgrad-sq', 'SmoothGrad²', 'Smilkov et al. 2017 (arXiv:1706.03825); squared variant of Hooker et al. 2019 (arXiv:1806.10758)', bases),
    tunnel(
      'vargrad',
      'VarGrad',
      'Adebayo, Gilmer, Goodfellow & Kim 2018, Local Explanation Methods for Deep Neural Networks Lack Sensitivity to Parameter Values (arXiv:1810.03307)',
      bases,
    ),
  ];
}
