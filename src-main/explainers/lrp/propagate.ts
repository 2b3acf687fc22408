// The backward relevance pass: relevance starts at the target's pre-softmax
// score and flows down the recorded layer calls in reverse topological order;
// a tensor read by several layers sums the relevance they send back.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { Classifier } from '../../model/classifier';
import { yieldToLoop } from '../../core/jobs';
import type { CancelSignal } from '../types';
import { collectSteps, forward, type Step } from './graph';
import { LINEAR, PASS, RESHAPE, foldBatchNorm, hasLinearActivation, linearMap, otherRelevance } from './layers';
import { linearRelevance, type LinearRule } from './rules';

export const RULES = ['composite', 'epsilon', 'gamma', 'alpha1-beta0', 'alpha2-beta1', 'zplus'] as const;
export const FIRST_RULES = ['zb', 'w2', 'flat'] as const;

export interface LrpOptions {
  rule: (typeof RULES)[number];
  epsilon: number;
  gamma: number;
  firstRule: (typeof FIRST_RULES)[number];
}

export interface LayerSum {
  layer: string;
  rIn: number;
  rOut: number;
}

export interface LrpRun {
  /** Relevance at the input, shaped like the [1,h,w,c] input; the caller disposes it. */
  relevance: tf.Tensor4D;
  /** Σ R at the top: the target's logit. */
  rOut: number;
  sums: LayerSum[];
}

export interface LrpHooks {
  signal?: CancelSignal;
  progress?: (done: number, total: number) => void;
  /** Test aid: record Σ R_in and Σ R_out per layer (one data sync per layer). */
  recordSums?: boolean;
}

/** Σ of a tensor as a number (one sync), without leaving the sum behind. */
export function total(t: tf.Tensor): number {
  const s = t.sum();
  const v = s.dataSync()[0];
  s.dispose();
  return v;
}

function ruleFor(o: LrpOptions, cls: string, first: boolean, bounds: () => [number, number]): LinearRule {
  const pick = (r: string): LinearRule => {
    if (r === 'epsilon') return { kind: 'epsilon', epsilon: o.epsilon };
    if (r === 'gamma') return { kind: 'gamma', gamma: o.gamma };
    if (r === 'alpha1-beta0') return { kind: 'alphabeta', alpha: 1, beta: 0 };
    if (r === 'alpha2-beta1') return { kind: 'alphabeta', alpha: 2, beta: 1 };
    if (r === 'zplus') return { kind: 'zplus' };
    if (r === 'flat' || r === 'w2') return { kind: r };
    const [low, high] = bounds();
    return { kind: 'zb', low, high };
  };
  if (o.rule !== 'composite') return pick(o.rule);
  // Kohlbrenner et al. 2020 best practice: input rule first, αβ on convolutions, ε on dense layers.
  if (first) return pick(o.firstRule);
  return pick(cls === 'Dense' ? 'epsilon' : 'alpha1-beta0');
}

function checkSupported(steps: Step[]): void {
  for (const s of steps) {
    const l = s.layer as unknown as Record<string, unknown>;
    const axis = l.axis;
    const lastAxis = axis === -1 || axis === 3 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === s.output.rank - 1));
    const nhwc = l.dataFormat == null || l.dataFormat === 'channelsLast';
    if (!nhwc || (s.className === 'BatchNormalization' && !lastAxis)) {
      throw new StudioError('unsupported-model', `LRP does not support layer ${s.layer.name} (${s.className}) with channels-first data`);
    }
  }
}

export async function propagate(model: Classifier, input: tf.Tensor4D, target: number, o: LrpOptions, hooks: LrpHooks = {}): Promise<LrpRun> {
  const graph = model.layerGraph;
  if (!graph)
    throw new StudioError(
      'unsupported-model',
      `LRP walks a Keras layer graph (a tfjs LayersModel, .h5 or .keras file); this model (${model.format}) has none to redistribute relevance through`,
    );
  const top = graph.logits;
  const steps = collectSteps(graph);
  checkSupported(steps);
  const inputId = graph.input.id;
  const producer = new Map(steps.map((s) => [s.output.id, s]));
  const readers = new Map<number, number>();
  for (const s of steps) for (const i of s.inputs) readers.set(i.id, (readers.get(i.id) ?? 0) + 1);
  // Linear layers that see the input through shape-only layers get the first-layer rule.
  const nearInput = new Set([inputId]);
  for (const s of steps) if ((RESHAPE.has(s.className) || PASS.has(s.className)) && nearInput.has(s.inputs[0].id)) nearInput.add(s.output.id);

  const values = forward(graph, steps, input.reshape([1, ...(graph.input.shape.slice(1) as number[])]));
  const rel = new Map<number, tf.Tensor>();
  const sums: LayerSum[] = [];
  let boundsCache: [number, number] | null = null;
  const bounds = (): [number, number] => {
    if (!boundsCache) {
      // z^B bounds: the input's own range stands in for the data domain.
      const mm = tf.tidy(() => tf.stack([input.min(), input.max()]));
      const d = mm.dataSync();
      mm.dispose();
      boundsCache = [d[0], d[1]];
    }
    return boundsCache;
  };
  const give = (id: number, r: tf.Tensor): void => {
    const prev = rel.get(id);
    rel.set(id, prev ? tf.tidy(() => prev.add(r)) : r);
    if (prev) tf.dispose([prev, r]);
  };
  try {
    const logits = tf.tidy(() => model.logits(input));
    const logit = tf.tidy(() => logits.mul(tf.oneHot([target], logits.shape[1]).reshape(logits.shape)));
    logits.dispose();
    const rOut = total(logit);
    rel.set(top.id, logit.reshape(values.get(top.id)!.shape));
    logit.dispose();
    const folded = new Set<Step>();
    for (let k = steps.length - 1; k >= 0; k--) {
      const s = steps[k];
      const R = rel.get(s.output.id);
      rel.delete(s.output.id);
      if (folded.has(s) || !R) {
        R?.dispose();
        continue;
      }
      let targets: Step['inputs'];
      let rIns: tf.Tensor[];
      let name = s.layer.name;
      const prev = producer.get(s.inputs[0].id);
      if (s.className === 'BatchNormalization' && prev && LINEAR.has(prev.className) && hasLinearActivation(prev.layer) && readers.get(s.inputs[0].id) === 1) {
        // conv/dense → BN is one affine map: fold it and apply the linear rule once.
        folded.add(prev);
        name = `${prev.layer.name}+${name}`;
        targets = prev.inputs;
        const rule = ruleFor(o, prev.className, nearInput.has(prev.inputs[0].id), bounds);
        rIns = [
          tf.tidy(() =>
            linearRelevance(foldBatchNorm(linearMap(prev.layer), s.layer, prev.className === 'DepthwiseConv2D'), values.get(prev.inputs[0].id)!, R, rule),
          ),
        ];
      } else if (LINEAR.has(s.className)) {
        targets = s.inputs;
        const rule = ruleFor(o, s.className, nearInput.has(s.inputs[0].id), bounds);
        rIns = [tf.tidy(() => linearRelevance(linearMap(s.layer), values.get(s.inputs[0].id)!, R, rule))];
      } else {
        targets = s.inputs;
        rIns = otherRelevance(
          s.layer,
          s.inputs.map((i) => values.get(i.id)!),
          values.get(s.output.id)!,
          R,
        );
      }
      if (hooks.recordSums) sums.push({ layer: name, rOut: total(R), rIn: rIns.reduce((a, r) => a + total(r), 0) });
      R.dispose();
      targets.forEach((t, i) => give(t.id, rIns[i]));
      hooks.progress?.(steps.length - k, steps.length);
      if (hooks.signal) {
        await yieldToLoop();
        hooks.signal.check();
      }
    }
    const atInput = rel.get(inputId);
    const relevance = (atInput ? atInput.reshape(input.shape) : tf.zerosLike(input)) as tf.Tensor4D;
    return { relevance, rOut, sums: sums.reverse() };
  } finally {
    tf.dispose([...values.values(), ...rel.values()]);
  }
}
