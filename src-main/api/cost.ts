// What a method's run will cost before it starts: how many images go through
// the model forward only, and how many forward and backward (a gradient), for
// the given parameters. Pure and tfjs-free, so the renderer prices the Explain
// button with it. The registry's descriptors give the default (one pass of the
// kind `usesGradients` says); only methods that loop over masks, windows,
// samples, steps or channels have a rule here, keyed by registry id
// (cost.test.ts fails when a looping method has none, and checks each rule
// against what the method reports it did).
import type { LayerInfo, MethodDescriptor, ParamValues } from './types';

export interface Passes {
  /** Images through the model forward only. */
  forward: number;
  /** Images through forward and backward (one gradient each). */
  backward: number;
  /** Model calls (batches) that carry them. */
  calls: number;
}

/** What the count depends on besides the parameters. */
export interface CostModel {
  inputHeight: number;
  inputWidth: number;
  layers: LayerInfo[];
  /** The CAM layer the request names, else the model's automatic one. */
  layer?: string | null;
  autoLayer?: string | null;
  defaultLayer?: string | null;
  /** Drawn regions given as LIME's and KernelSHAP's features. */
  regionCount?: number;
}

type Rule = (p: ParamValues, m: CostModel, all: readonly MethodDescriptor[]) => Passes;

const num = (p: ParamValues, k: string, dflt = 0): number => (typeof p[k] === 'number' ? (p[k] as number) : dflt);
const batches = (n: number, batch: number): number => (n <= 0 ? 0 : Math.ceil(n / Math.max(1, batch)));
const fwd = (n: number, batch = n): Passes => ({ forward: n, backward: 0, calls: batches(n, batch) });
const grad = (n: number, batch = n): Passes => ({ forward: 0, backward: n, calls: batches(n, batch) });

/** Window starts along one side, as occlusion.ts: 0, s, 2s, … plus a last one flush with the edge. */
export function windowCount(side: number, window: number, stride: number): number {
  const win = Math.min(window, side);
  let n = 0;
  let last = -1;
  for (let s = 0; s + win <= side; s += stride) {
    n++;
    last = s;
  }
  return last + win < side ? n + 1 : n;
}

/** Occlusion's defaults: window about 1/14 of the short side (≥ 3), stride half the window. */
export function occlusionWindows(h: number, w: number, window: number, stride: number): number {
  const win = window || Math.max(3, Math.round(Math.min(h, w) / 14));
  const step = stride || Math.max(1, Math.ceil(win / 2));
  return windowCount(h, Math.min(win, h), step) * windowCount(w, Math.min(win, w), step);
}

/** Superpixels LIME and KernelSHAP ask for (segments.ts autoSegments), or the drawn regions. */
function featureCount(p: ParamValues, m: CostModel): number {
  if (m.regionCount) return m.regionCount;
  return num(p, 'segments') || Math.max(10, Math.round((50 * Math.min(224, Math.sqrt(m.inputHeight * m.inputWidth))) / 224));
}

/** Channels of the CAM layer: the last axis of its output. */
function layerChannels(m: CostModel): number {
  const name = m.layer ?? m.defaultLayer ?? m.autoLayer ?? null;
  const layer = m.layers.find((l) => l.name === name) ?? [...m.layers].reverse().find((l) => l.camEligible);
  const c = layer?.outputShape[layer.outputShape.length - 1];
  return typeof c === 'number' && c > 0 ? c : 0;
}

/** The parameters a tunnel passes to its base (`base.steps` → `steps`). */
function baseParams(p: ParamValues, prefix: string): ParamValues {
  const out: ParamValues = {};
  for (const [k, v] of Object.entries(p)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

const RULES: Record<string, Rule> = {
  'integrated-gradients': (p) => grad(num(p, 'steps'), num(p, 'batch', 16)),
  // Each sample's gradient, and its input and baseline scored for the completeness delta.
  'gradient-shap': (p) => ({ ...grad(num(p, 'samples'), num(p, 'batch', 16)), forward: 2 * num(p, 'samples') }),
  xrai: (p) => grad(2 * num(p, 'steps'), num(p, 'batch', 16)),
  'meaningful-perturbation': (p) => grad(num(p, 'iterations'), 1),
  'smoothgrad-cam-plus-plus': (p) => grad(num(p, 'samples'), num(p, 'batch', 8)),
  'guided-gradcam': () => grad(2, 1),
  // One masked (Score-CAM) or ablated (Ablation-CAM) pass per channel of the layer.
  scorecam: (p, m) => fwd(layerChannels(m), num(p, 'batch', 32)),
  ablationcam: (p, m) => fwd(layerChannels(m), num(p, 'batch', 32)),
  // The unoccluded input rides in the first batch.
  occlusion: (p, m) => fwd(occlusionWindows(m.inputHeight, m.inputWidth, num(p, 'window'), num(p, 'stride')) + 1, num(p, 'batch', 32)),
  rise: (p) => fwd(num(p, 'samples'), num(p, 'batch', 32)),
  lime: (p) => fwd(num(p, 'samples'), num(p, 'batch', 32)),
  'kernel-shap': (p, m) => {
    const K = featureCount(p, m);
    return fwd(Math.min(num(p, 'samples') || 2 * K + 2048, K > 30 ? Infinity : 2 ** K - 2), num(p, 'batch', 32));
  },
  'random-map': () => fwd(0),
  sobel: () => fwd(0),
};

/** The parameters with the schema's defaults filled in. */
export function withDefaults(method: MethodDescriptor, params: ParamValues): ParamValues {
  const out: ParamValues = { ...params };
  for (const s of method.params) if (out[s.name] === undefined) out[s.name] = s.default;
  return out;
}

/** Whether a method has its own rule (tests: every looping method must). */
export const hasCostRule = (id: string): boolean => id in RULES;

/** The passes `method` will make with `params` on `model`; a tunnel's are its samples × its base's. */
export function methodPasses(method: MethodDescriptor, params: ParamValues, model: CostModel, all: readonly MethodDescriptor[] = []): Passes {
  const p = withDefaults(method, params);
  if (method.passThrough) {
    const base = all.find((m) => m.id === p[method.passThrough?.param ?? '']);
    const n = num(p, 'samples');
    const one = base ? methodPasses(base, baseParams(p, method.passThrough.prefix), model, all) : grad(1);
    return { forward: n * one.forward, backward: n * one.backward, calls: batches(n, num(p, 'batch', 16)) * Math.max(1, one.calls) };
  }
  const rule = RULES[method.id];
  if (rule) return rule(p, model, all);
  return method.usesGradients ? grad(1) : fwd(1);
}

/** Measured cost of one image through the open model, in ms. */
export interface PassTiming {
  forwardMs: number;
  backwardMs: number;
}

/** Estimated ms of a run: passes × measured ms per pass. */
export const estimateMs = (p: Passes, t: PassTiming): number => (p.forward ? p.forward * t.forwardMs : 0) + (p.backward ? p.backward * t.backwardMs : 0);
