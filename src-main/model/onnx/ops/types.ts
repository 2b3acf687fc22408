// What an op lowering gets: the node, its constant inputs as known at load
// (initializers and folded subgraphs: weights are prepared once, in tfjs'
// layout), and at run time the inputs as layout-tagged values.
import type * as tf from '@tensorflow/tfjs';
import type { ConstTensor, OnnxNode } from '../proto';
import type { Value } from '../value';

export interface LowerCtx {
  node: OnnxNode;
  opset: number;
  /** `Conv node "/layer1/0/conv1/Conv"`, for errors. */
  where: string;
  /** Input i when it is constant at load (an initializer or folded), else undefined. */
  constant(i: number): ConstTensor | undefined;
  /** A tensor the graph keeps until it is disposed (prepared weights). */
  keep<T extends tf.Tensor>(t: T): T;
  /** A trained parameter in tfjs layout: kept, and listed as a trainable variable. */
  weight(t: tf.Tensor): tf.Tensor;
}

export interface RunCtx {
  /** Applies an elementwise nonlinearity of `node`, through the active backward rule if there is one. */
  act(node: OnnxNode, f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor;
  /** The batch size of this run (a leading 1 in a constant shape is read as it). */
  batch: number;
}

export type Kernel = (inputs: (Value | undefined)[], run: RunCtx) => Value[];
export type Lowering = (ctx: LowerCtx) => Kernel;

/** The nonlinearities a backward rule may replace, by op: kind as in model/backward-rules.ts. */
export interface NonlinearityInfo {
  kind: 'relu' | 'leaky-relu' | 'other';
  name: string;
  alpha: number;
}
