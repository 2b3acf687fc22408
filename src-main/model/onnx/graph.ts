// An ONNX graph lowered to tfjs ops. At load every node is lowered once (its
// constant inputs prepared) and every node whose inputs are all constant is
// run once and folded; what remains runs in topological order on each call,
// as ordinary tfjs ops on the tape, so tf.grad differentiates it. Runs are
// planned per (wanted outputs, fed values): a split feeds a layer's output
// and recomputes only what lies downstream of it.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import { ruled, type BackwardRule, type Site } from '../backward-rules';
import { quote } from '../files';
import { OPS, type Kernel, type LowerCtx, type RunCtx } from './ops';
import type { ConstTensor, OnnxModel, OnnxNode } from './proto';
import { plainValue, toTensor, type Value } from './value';

export interface Step {
  node: OnnxNode;
  kernel: Kernel;
  index: number;
}

/** While a backward rule runs: the rule, and the site of each nonlinearity node by name. */
export interface ActiveRule {
  rule: BackwardRule;
  sites: Map<string, Site>;
}

export class OnnxGraph {
  /** Initializers and folded values, kept for the graph's life. */
  readonly constants = new Map<string, Value>();
  readonly steps: Step[] = [];
  readonly producer = new Map<string, Step>();
  readonly weights: tf.Variable[] = [];
  ruled: ActiveRule | null = null;
  private readonly kept: tf.Tensor[] = [];
  private readonly constData = new Map<string, ConstTensor>();
  private readonly plans = new Map<string, Step[]>();

  constructor(
    readonly model: OnnxModel,
    readonly label: string,
  ) {
    try {
      this.lower();
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  private lower(): void {
    const m = this.model;
    const refused = m.nodes.find((n) => !OPS[n.op] || (n.domain && n.domain !== 'ai.onnx'));
    if (refused)
      throw new StudioError(
        'unsupported-model',
        `${this.label}: op ${refused.domain ? `${refused.domain}.` : ''}${refused.op} (node ${quote(refused.name)}, opset ${m.opset}) is not supported; see the README's table of ONNX ops`,
      );
    for (const [name, c] of m.initializers) this.addConstant(name, c);
    const defined = new Set([...m.initializers.keys(), ...m.inputs.map((i) => i.name)]);
    for (const node of m.nodes) {
      const missing = node.inputs.find((i) => i && !defined.has(i));
      if (missing) throw new StudioError('bad-model', `${this.label}: node ${quote(node.name)} reads ${quote(missing)} before anything writes it`);
      node.outputs.forEach((o) => o && defined.add(o));
      const foldable = node.inputs.every((i) => !i || this.constants.has(i));
      const ctx = this.ctxFor(node, foldable);
      const kernel = OPS[node.op](ctx);
      if (foldable) {
        const outs = tf.tidy(() =>
          kernel(
            node.inputs.map((i) => (i ? this.constants.get(i) : undefined)),
            FOLD_RUN,
          ).map((v) => v.t),
        );
        node.outputs.forEach((o, k) => {
          if (!o || !outs[k]) return;
          const t = outs[k];
          this.kept.push(t);
          this.constants.set(o, plainValue(t));
        });
        continue;
      }
      const step = { node, kernel, index: this.steps.length };
      this.steps.push(step);
      for (const o of node.outputs) if (o) this.producer.set(o, step);
    }
  }

  private addConstant(name: string, c: ConstTensor): void {
    const t = toTensor(c);
    this.kept.push(t);
    this.constants.set(name, plainValue(t));
    this.constData.set(name, c);
  }

  private ctxFor(node: OnnxNode, folding: boolean): LowerCtx {
    const keep = <T extends tf.Tensor>(t: T): T => {
      this.kept.push(t);
      return t;
    };
    return {
      node,
      opset: this.model.opset,
      where: `${node.op} node ${quote(node.name)}`,
      constant: (i) => {
        const name = node.inputs[i];
        if (!name) return undefined;
        const known = this.constData.get(name);
        if (known) return known;
        const v = this.constants.get(name);
        if (!v) return undefined;
        // A folded value: read once, then remembered.
        const c: ConstTensor = {
          name,
          dtype: v.t.dtype === 'int32' ? 'int32' : 'float32',
          shape: v.t.shape,
          data: v.t.dataSync() as Float32Array | Int32Array,
        };
        this.constData.set(name, c);
        return c;
      },
      keep,
      weight: (t) => {
        if (folding) return keep(t);
        const v = tf.variable(t, true);
        t.dispose();
        this.weights.push(v);
        return v;
      },
    };
  }

  /** A node's constant inputs as the lowering saw them (what a site's description reads). */
  constantsOf(node: OnnxNode): LowerCtx {
    return this.ctxFor(node, true);
  }

  /** The steps that compute `wanted` from `fed` (and the constants), in order. */
  private plan(wanted: string[], fed: Set<string>): Step[] {
    const key = `${wanted.join('\u0000')}\u0001${[...fed].sort().join('\u0000')}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const need = new Set<Step>();
    const stack = [...wanted];
    while (stack.length) {
      const name = stack.pop()!;
      if (!name || fed.has(name) || this.constants.has(name)) continue;
      const step = this.producer.get(name);
      if (!step) throw new StudioError('bad-request', `${this.label}: value ${quote(name)} needs a graph input that was not given`);
      if (need.has(step)) continue;
      need.add(step);
      stack.push(...step.node.inputs);
    }
    const steps = [...need].sort((a, b) => a.index - b.index);
    this.plans.set(key, steps);
    return steps;
  }

  /** Runs the graph for `wanted` values; `feeds` may include any intermediate value (a split's cut). */
  run(feeds: Record<string, Value>, wanted: string[], batch: number): Value[] {
    const values = new Map<string, Value>(Object.entries(feeds));
    const run: RunCtx = {
      batch,
      act: (node, f, x) => {
        const site = this.ruled?.sites.get(node.name);
        return site ? ruled({ ...site, f }, this.ruled!.rule)(x) : f(x);
      },
    };
    for (const step of this.plan(wanted, new Set(values.keys()))) {
      const inputs = step.node.inputs.map((i) => (i ? (values.get(i) ?? this.constants.get(i)) : undefined));
      const outs = step.kernel(inputs, run);
      step.node.outputs.forEach((o, k) => o && outs[k] && values.set(o, outs[k]));
    }
    return wanted.map((w) => {
      const v = values.get(w) ?? this.constants.get(w);
      if (!v) throw new StudioError('internal', `${this.label}: ${quote(w)} was not computed`);
      return v;
    });
  }

  dispose(): void {
    tf.dispose(this.kept);
    for (const v of this.weights) v.dispose();
    this.kept.length = 0;
    this.weights.length = 0;
  }
}

/** Folding runs once at load, unbatched and without rules. */
const FOLD_RUN: RunCtx = { batch: 1, act: (_n, f, x) => f(x) };
