// Per-layer relevance redistribution for the non-rule layers (pooling, merges,
// reshapes, pass-through activations) and the linear maps of Dense / Conv2D /
// DepthwiseConv2D, with a following BatchNormalization folded in.
import { StudioError } from '../../api/errors';
import * as tf from '@tensorflow/tfjs';
import { stabilise, type LinearMap } from './rules';

type Any = Record<string, unknown>;
type Var = { read(): tf.Tensor };

export const LINEAR = new Set(['Dense', 'Conv2D', 'DepthwiseConv2D']);
/**
 * Relevance passes unchanged: activations act elementwise on an output that
 * keeps its relevance. Rescaling (x·scale + offset, an in-model input
 * normalisation) is treated as part of the input, as iNNvestigate and zennit
 * treat preprocessing: relevance reaches the pixels as it reached its output.
 */
export const PASS = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'Softmax', 'Dropout', 'SpatialDropout1D', 'Rescaling']);
export const RESHAPE = new Set(['Flatten', 'Reshape']);

const TINY = 1e-9;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0] as number, (v[1] ?? v[0]) as number] : [v as number, v as number]);

export function hasLinearActivation(layer: tf.layers.Layer): boolean {
  const act = (layer as unknown as { activation?: { getClassName(): string } }).activation;
  return !act || act.getClassName().toLowerCase() === 'linear';
}

/** The layer's pre-activation linear map (kernel and bias read from its variables). */
export function linearMap(layer: tf.layers.Layer): LinearMap {
  const l = layer as unknown as Any;
  const cls = layer.getClassName();
  const bias = l.useBias && l.bias ? (l.bias as Var).read() : null;
  if (cls === 'Dense') {
    return {
      kernel: (l.kernel as Var).read(),
      bias,
      apply: (u, k) => {
        const sh = u.shape;
        return u
          .reshape([-1, sh[sh.length - 1] as number])
          .matMul(k as tf.Tensor2D)
          .reshape([...sh.slice(0, -1), k.shape[1] as number]);
      },
    };
  }
  const strides = pair(l.strides);
  const dil = pair(l.dilationRate ?? 1);
  const padding = l.padding as 'valid' | 'same';
  if (cls === 'Conv2D') {
    return { kernel: (l.kernel as Var).read(), bias, apply: (u, k) => tf.conv2d(u as tf.Tensor4D, k as tf.Tensor4D, strides, padding, 'NHWC', dil) };
  }
  return {
    kernel: (l.depthwiseKernel as Var).read(),
    bias,
    apply: (u, k) => tf.depthwiseConv2d(u as tf.Tensor4D, k as tf.Tensor4D, strides, padding, 'NHWC', dil),
  };
}

/** Inference BatchNormalization as y = x·scale + offset per channel (last axis). */
export function bnAffine(layer: tf.layers.Layer): { scale: tf.Tensor; offset: tf.Tensor } {
  const l = layer as unknown as Any;
  let scale = tf.rsqrt((l.movingVariance as Var).read().add(l.epsilon as number));
  if (l.gamma) scale = scale.mul((l.gamma as Var).read());
  let offset = (l.movingMean as Var).read().mul(scale).neg();
  if (l.beta) offset = offset.add((l.beta as Var).read());
  return { scale, offset };
}

/** conv → BN as one linear map: W' = W·scale, b' = b·scale + offset. */
export function foldBatchNorm(map: LinearMap, bn: tf.layers.Layer, depthwise: boolean): LinearMap {
  const { scale, offset } = bnAffine(bn);
  const k = map.kernel;
  // Depthwise output channel c·mult + m is kernel[..., c, m].
  const s = depthwise ? scale.reshape([k.shape[2] as number, k.shape[3] as number]) : scale;
  return { apply: map.apply, kernel: k.mul(s), bias: (map.bias ? map.bias.mul(scale) : tf.zerosLike(scale)).add(offset) };
}

/** Relevance at the inputs of a non-linear-rule layer. */
export function otherRelevance(layer: tf.layers.Layer, ins: tf.Tensor[], out: tf.Tensor, R: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const cls = layer.getClassName();
    const l = layer as unknown as Any;
    const x = ins[0];
    const f = (u: tf.Tensor): tf.Tensor => layer.apply(u) as tf.Tensor;
    if (PASS.has(cls)) return [R.clone()];
    if (RESHAPE.has(cls)) return [R.reshape(x.shape)];
    switch (cls) {
      case 'MaxPooling2D':
      case 'GlobalMaxPooling2D':
        // Winner takes all: the gradient of Σ pool(x)·R routes R to each window's maximum.
        return [tf.grad((u: tf.Tensor) => f(u).mul(R).sum())(x)];
      case 'AveragePooling2D':
      case 'GlobalAveragePooling2D':
        // z-rule on a linear map with positive weights: proportional to the inputs.
        return [
          x.mul(
            tf.grad((u: tf.Tensor) =>
              f(u)
                .mul(R.div(stabilise(out, TINY)))
                .sum(),
            )(x),
          ),
        ];
      case 'BatchNormalization': {
        // Not folded (no linear layer right before it): affine ε-rule, the offset absorbs its share.
        const { scale } = bnAffine(layer);
        return [x.mul(scale).mul(R).div(stabilise(out, TINY))];
      }
      case 'Add':
      case 'Average': {
        // Each summand gets its share x_k / Σ x of the output relevance.
        const s = R.div(stabilise(tf.addN(ins), TINY));
        return ins.map((t) => t.mul(s));
      }
      case 'Concatenate': {
        const rank = out.rank;
        const axis = (((l.axis as number) % rank) + rank) % rank;
        return tf.split(
          R,
          ins.map((t) => t.shape[axis]),
          axis,
        );
      }
      case 'ZeroPadding2D': {
        const [[top], [left]] = l.padding as [[number, number], [number, number]];
        return [R.slice([0, top, left, 0], x.shape)];
      }
    }
    throw new StudioError('unsupported-model', `lrp: no relevance rule for ${cls}`);
  });
}
