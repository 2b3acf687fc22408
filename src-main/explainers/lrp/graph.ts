// The layer graph LRP walks: every layer call between the model input and the
// class-score tensor, in topological order, and a forward pass that keeps each
// call's inputs and output (relevance rules need the layer inputs).
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import type { LayerGraph } from '../../model/classifier';

type Sym = tf.SymbolicTensor;

export interface Step {
  layer: tf.layers.Layer;
  className: string;
  inputs: Sym[];
  output: Sym;
}

/** Layers LRP knows; anything else is refused up front, naming the layer. */
export const SUPPORTED = new Set([
  'InputLayer',
  'Dense',
  'Conv2D',
  'DepthwiseConv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'BatchNormalization',
  'Flatten',
  'Reshape',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'Softmax',
  'Dropout',
  'SpatialDropout1D',
  'Add',
  'Average',
  'Concatenate',
  'ZeroPadding2D',
  'Rescaling',
]);

/** Layer calls feeding the pre-softmax class scores, inputs before consumers. */
export function collectSteps(graph: LayerGraph): Step[] {
  const steps: Step[] = [];
  const seen = new Set<number>();
  const visit = (t: Sym): void => {
    if (seen.has(t.id) || t.id === graph.input.id) return;
    seen.add(t.id);
    const layer = t.sourceLayer as tf.layers.Layer;
    const className = layer.getClassName();
    if (!SUPPORTED.has(className)) throw new StudioError('unsupported-model', `LRP does not support layer ${layer.name} (${className})`);
    if (className === 'InputLayer') return;
    for (const i of t.inputs) visit(i);
    steps.push({ layer, className, inputs: t.inputs, output: t });
  };
  visit(graph.logits);
  return steps;
}

/** Values of every tensor in the walk for input `x` (model rank, taken over); the caller disposes them. */
export function forward(graph: LayerGraph, steps: Step[], x: tf.Tensor): Map<number, tf.Tensor> {
  const values = new Map<number, tf.Tensor>();
  values.set(graph.input.id, x);
  for (const s of steps) {
    const ins = s.inputs.map((i) => {
      const v = values.get(i.id);
      if (!v) throw new StudioError('unsupported-model', `LRP: layer ${s.layer.name} reads a tensor that is not computed from the first model input`);
      return v;
    });
    const out = tf.tidy(() => s.layer.apply(ins.length === 1 ? ins[0] : ins, { training: false }) as tf.Tensor | tf.Tensor[]);
    const t = Array.isArray(out) ? out[s.output.tensorIndex ?? 0] : (out as tf.Tensor);
    if (Array.isArray(out)) for (const o of out) if (o !== t) o.dispose();
    values.set(s.output.id, t);
  }
  return values;
}
