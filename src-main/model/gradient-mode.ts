// Inside tf.grad, tfjs' fused conv, fused matMul and FusedBatchNorm compute
// every gradient of their custom backward (filter, bias, mean, variance — the
// latter through a full-size Tile), though input-gradient methods need only
// dx. On our own model instance, Conv2D, Dense and BatchNormalization layers
// take a plain op path while a gradient is being recorded: the same function,
// with per-input gradients that the tape prunes. Inference keeps the fused
// fast path.
import * as tf from '@tensorflow/tfjs';

interface ConvLike {
  kernel: { read(): tf.Tensor4D };
  bias: { read(): tf.Tensor1D } | null;
  useBias: boolean;
  strides: number[];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number[];
  activation: { apply(x: tf.Tensor): tf.Tensor };
}

interface BatchNormLike {
  axis: number | number[];
  epsilon: number;
  movingMean: { read(): tf.Tensor };
  movingVariance: { read(): tf.Tensor };
  gamma: { read(): tf.Tensor } | null;
  beta: { read(): tf.Tensor } | null;
}

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

export const recording = (): boolean => (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
const first = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);

function convCall(l: ConvLike): (x: tf.Tensor) => tf.Tensor {
  return (x) => {
    let y: tf.Tensor = tf.conv2d(x as tf.Tensor4D, l.kernel.read(), l.strides as [number, number], l.padding, 'NHWC', l.dilationRate as [number, number]);
    if (l.useBias && l.bias) y = tf.add(y, l.bias.read());
    return l.activation.apply(y);
  };
}

interface DenseLike {
  kernel: { read(): tf.Tensor2D };
  bias: { read(): tf.Tensor1D } | null;
  useBias: boolean;
  activation: { apply(x: tf.Tensor): tf.Tensor };
}

/** Rank-2 inputs only (the classifier head); others keep the layer's own call. */
function denseCall(l: DenseLike, own: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  return (x) => {
    if (x.rank !== 2) return own(x);
    let y: tf.Tensor = tf.matMul(x as tf.Tensor2D, l.kernel.read());
    if (l.useBias && l.bias) y = tf.add(y, l.bias.read());
    return l.activation.apply(y);
  };
}

function batchNormCall(l: BatchNormLike): (x: tf.Tensor) => tf.Tensor {
  return (x) => {
    // Inference-mode BN is an affine map per channel: x·s + (β − μ·s), s = γ/√(σ²+ε).
    let scale = tf.rsqrt(tf.add(l.movingVariance.read(), l.epsilon));
    if (l.gamma) scale = tf.mul(scale, l.gamma.read());
    let offset = tf.neg(tf.mul(l.movingMean.read(), scale));
    if (l.beta) offset = tf.add(offset, l.beta.read());
    return tf.add(tf.mul(x, scale), offset);
  };
}

/**
 * ReLU(maxValue 6) as one Relu6 kernel with a backward of ops that are fast on
 * wasm, dy·(step(x) − step(x − 6)); the layer's own relu + clipByValue records
 * two ops whose gradients go through GreaterEqual/LessEqual/LogicalAnd/Select,
 * scalar loops on wasm (3× the rest of a MobileNet-shaped backward).
 */
const relu6: (x: tf.Tensor) => tf.Tensor = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return { value: tf.relu6(x), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, tf.sub(tf.step(s), tf.step(tf.sub(s, 6)))) };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/**
 * clip(x, min, max) with the backward dy·(step(x − min) − step(x − max)), as
 * relu6 above: tfjs' own goes through GreaterEqual/LessEqual/LogicalAnd/Select
 * (114 of 310 kernel-ms of an imported MobileNetV2's saliency map). Ties at the
 * bounds pass the gradient at max and not at min, as ReLU6 does; they have
 * measure zero for real inputs. Outside a gradient the plain kernel runs.
 */
export function clip(min: number, max: number): (x: tf.Tensor) => tf.Tensor {
  if (min === 0 && max === 6) return (x) => (recording() ? relu6(x) : tf.relu6(x));
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    const gradFunc = (dy: tf.Tensor, [s]: tf.Tensor[]): tf.Tensor => {
      const lo = min <= -3.4e38 ? tf.onesLike(s) : tf.step(tf.sub(s, min));
      return tf.mul(dy, max >= 3.4e38 ? lo : tf.sub(lo, tf.step(tf.sub(s, max))));
    };
    return { value: tf.clipByValue(x, min, max), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
  return (x) => (recording() ? f(x) : tf.clipByValue(x, min, max));
}

/**
 * LeakyReLU with the backward dy·step(x, α) (1 where x > 0, else α): tfjs'
 * own is where(x > 0, dy, α·dy), whose Greater and Select are scalar loops on
 * wasm (14 ms of a 132 ms Darknet-tiny saliency map).
 */
function leakyRelu(alpha: number): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: tf.leakyRelu(x, alpha), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, tf.step(s, alpha)) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
}

/** Patches the layers it can, in place; returns how many. */
export function useGradientFriendlyLayers(model: tf.LayersModel): number {
  let n = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const l = layer as unknown as Record<string, unknown>;
    let plain: ((x: tf.Tensor) => tf.Tensor) | null = null;
    if (cls === 'Conv2D' && l.dataFormat === 'channelsLast') plain = convCall(l as unknown as ConvLike);
    const axis = l.axis as number | number[];
    if (cls === 'BatchNormalization' && (axis === -1 || axis === 3 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 3)))) {
      plain = batchNormCall(l as unknown as BatchNormLike);
    }
    if (cls === 'ReLU' && l.maxValue === 6) plain = relu6;
    if (cls === 'LeakyReLU' && typeof l.alpha === 'number') plain = leakyRelu(l.alpha);
    const fused = (layer.call as Call).bind(layer);
    if (cls === 'Dense') plain = denseCall(l as unknown as DenseLike, (x) => first(fused(x, {})));
    if (!plain) continue;
    const p = plain;
    (layer as unknown as { call: Call }).call = (inputs, kwargs) => (recording() && !kwargs?.training ? p(first(inputs)) : fused(inputs, kwargs));
    n++;
  }
  return n;
}
