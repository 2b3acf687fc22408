// Modified-backward rules (Guided Backprop, DeconvNet, DeepLIFT, later LRP):
// for the length of one synchronous call, every elementwise nonlinearity of a
// LayersModel keeps its forward value but takes its gradient from a rule.
//  - Layers with an `activation` object (Conv2D, Dense, Activation, …): the
//    object is swapped for one whose apply() is a tf.customGrad. Its class name
//    is not a fusable one, so tfjs' own call and gradient-mode's plain path
//    (which both end in `activation.apply`) run it unfused.
//  - ReLU and LeakyReLU layers have no activation object: their `call` is
//    overridden on the instance (gradient-mode patches only Conv2D/Dense/BN calls).
// Everything is restored in `finally`. The call is synchronous on purpose: no
// other job can run on the model (and see the rule) while it is patched.
// Explainers reach this through Classifier.withBackwardRule, never directly.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';

/** relu: ReLU layers and relu activations; leaky-relu: LeakyReLU layers; other: any other elementwise activation. */
export type NonlinearityKind = 'relu' | 'leaky-relu' | 'other';

export interface Site {
  /** Position among the model's nonlinearities, in layer order. */
  index: number;
  layer: string;
  kind: NonlinearityKind;
  /** Activation name ('relu', 'tanh', 'leakyReLU', 'relu+clip' for ReLU(maxValue), …). */
  name: string;
  /** Negative slope of LeakyReLU (0 otherwise). */
  alpha: number;
  /** The original forward function. */
  f(x: tf.Tensor): tf.Tensor;
}

export interface BackwardArgs {
  site: Site;
  /** Input and output of the nonlinearity on this forward. */
  x: tf.Tensor;
  y: tf.Tensor;
  /** Gradient arriving from above. */
  dy: tf.Tensor;
  /** The ordinary gradient f'(x)·dy, for rules that keep it somewhere. */
  grad(): tf.Tensor;
}

export interface BackwardRule {
  name: string;
  /** The gradient w.r.t. the nonlinearity's input. */
  backward(a: BackwardArgs): tf.Tensor;
  /** Sees every forward through a site (e.g. to record reference activations). */
  forward?(site: Site, x: tf.Tensor, y: tf.Tensor): void;
}

/** Activations that are not elementwise or are the identity: never sites. */
const NOT_SITES = new Set(['linear', 'softmax', 'logSoftmax']);

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];
interface ActivationLike {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

const first = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
const active = new WeakSet<tf.LayersModel>();

/** The ordinary gradient of a site: explicit for the ReLU family, tf.grad otherwise. */
export function ordinaryGrad(site: Site, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  if (site.kind === 'relu') return tf.mul(dy, tf.step(x));
  if (site.kind === 'leaky-relu') return tf.where(tf.greater(x, 0), dy, tf.mul(dy, site.alpha));
  return tf.grad((t: tf.Tensor) => site.f(t))(x, dy);
}

export function ruled(site: Site, rule: BackwardRule): (x: tf.Tensor) => tf.Tensor {
  const g = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = site.f(x);
    save([x, y]);
    rule.forward?.(site, x, y);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => rule.backward({ site, x: saved[0], y: saved[1], dy, grad: () => ordinaryGrad(site, saved[0], dy) }),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (x) => g(x);
}

interface Patch {
  site: Omit<Site, 'index'>;
  install(fn: (x: tf.Tensor) => tf.Tensor): () => void;
}

function patchFor(layer: tf.layers.Layer): Patch | null {
  const cls = layer.getClassName();
  const l = layer as unknown as Record<string, unknown>;
  const callPatch = (site: Patch['site']): Patch => ({
    site,
    install(fn) {
      const own = Object.prototype.hasOwnProperty.call(layer, 'call');
      const prev = l.call;
      l.call = ((inputs) => fn(first(inputs))) as Call;
      return () => {
        if (own) l.call = prev;
        else delete l.call;
      };
    },
  });
  if (cls === 'ReLU') {
    const max = l.maxValue as number | undefined;
    if (max == null) return callPatch({ layer: layer.name, kind: 'relu', name: 'relu', alpha: 0, f: (x) => tf.relu(x) });
    return callPatch({ layer: layer.name, kind: 'other', name: 'relu+clip', alpha: 0, f: (x) => tf.clipByValue(tf.relu(x), 0, max) });
  }
  if (cls === 'LeakyReLU') {
    const alpha = l.alpha as number;
    return callPatch({ layer: layer.name, kind: 'leaky-relu', name: 'leakyReLU', alpha, f: (x) => tf.leakyRelu(x, alpha) });
  }
  const act = l.activation as ActivationLike | undefined;
  if (!act || typeof act.apply !== 'function' || typeof act.getClassName !== 'function') return null;
  const name = act.getClassName();
  if (NOT_SITES.has(name)) return null;
  return {
    site: { layer: layer.name, kind: name === 'relu' ? 'relu' : 'other', name, alpha: 0, f: (x) => act.apply(x) },
    install(fn) {
      l.activation = { getClassName: () => `backwardRule(${name})`, apply: fn, getConfig: () => ({}) };
      return () => {
        l.activation = act;
      };
    },
  };
}

/** The model's elementwise nonlinearities, in layer order (what a rule would modify). */
export function listNonlinearities(model: tf.LayersModel): Site[] {
  const out: Site[] = [];
  for (const layer of model.layers) {
    const p = patchFor(layer);
    if (p) out.push({ ...p.site, index: out.length });
  }
  return out;
}

/** Layers that hold a nonlinearity no rule reaches (named in errors and extras). */
export function unsupportedNonlinearities(model: tf.LayersModel): string[] {
  const names = new Set(['PReLU', 'ThresholdedReLU', 'ELU', 'Softmax']);
  return model.layers.filter((l) => names.has(l.getClassName())).map((l) => `${l.name} (${l.getClassName()})`);
}

/** Runs `fn` with `rule` as the backward of every nonlinearity of `model`; returns the sites it patched. */
export function withBackwardRule<T>(model: tf.LayersModel, rule: BackwardRule, fn: () => T): { result: T; sites: Site[] } {
  if (active.has(model)) throw new StudioError('busy', `a backward rule is already active on this model (nested ${rule.name})`);
  const restores: (() => void)[] = [];
  const sites: Site[] = [];
  active.add(model);
  try {
    for (const layer of model.layers) {
      const p = patchFor(layer);
      if (!p) continue;
      const site: Site = { ...p.site, index: sites.length };
      sites.push(site);
      restores.push(p.install(ruled(site, rule)));
    }
    return { result: fn(), sites };
  } finally {
    for (const r of restores.reverse()) r();
    active.delete(model);
  }
}

/** A named refusal for models whose backward pass cannot be rewritten (asks the capability, not the format). */
export function requireBackwardRules(model: { supportsBackwardRules: boolean; format: string }, method: string): void {
  if (!model.supportsBackwardRules)
    throw new StudioError('unsupported-model', `${method} rewrites the backward pass of Keras layers; it needs a LayersModel (graph models are not supported)`);
}

/** Guided Backprop (Springenberg et al. 2015): pass dy only where x > 0 and dy > 0.
 * LeakyReLU is gated like ReLU (its negative slope is dropped): the rule keeps
 * positive evidence through units that were on, which a slope of α on the
 * negative side would contradict. Other nonlinearities keep their gradient. */
export const guidedRule: BackwardRule = {
  name: 'guided-backprop',
  backward: ({ site, x, dy, grad }) => (site.kind === 'other' ? grad() : tf.mul(tf.relu(dy), tf.step(x))),
};

/** DeconvNet (Zeiler & Fergus 2014): the backward of a ReLU is ReLU(dy), whatever x was (LeakyReLU alike). */
export const deconvRule: BackwardRule = {
  name: 'deconvnet',
  backward: ({ site, dy, grad }) => (site.kind === 'other' ? grad() : tf.relu(dy)),
};
