// Helpers for kernels composed from public tf ops. Inside a kernelFunc the
// engine's active backend is the one running the kernel (wasm), so tf.* ops
// dispatch there and nothing is copied to another backend.
import { StudioError } from '../../api/errors';
import * as tf from '@tensorflow/tfjs';

export type Pair = [number, number];

/**
 * Wraps a composed implementation as a wasm KernelConfig. The body runs in a
 * tidy so every intermediate is released; the one returned Tensor survives and
 * the engine adopts it as the kernel output (it accepts Tensors from kernels).
 */
export function composedKernel<A>(kernelName: string, body: (inputs: Record<string, tf.Tensor>, attrs: A) => tf.Tensor): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) =>
      tf.tidy(() => {
        const ts: Record<string, tf.Tensor> = {};
        for (const [k, v] of Object.entries(inputs)) if (v) ts[k] = asTensor(v);
        return body(ts, attrs as unknown as A);
      }),
  };
}

/** Engine-dispatched kernels get Tensors; a raw TensorInfo is wrapped (inside the tidy). */
function asTensor(info: tf.TensorInfo): tf.Tensor {
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** Pads (with `value`) where an amount is positive and crops where it is negative (explicit pads can exceed the filter). */
export function padOrCrop(x: tf.Tensor, pads: Pair[], value = 0): tf.Tensor {
  let y = x;
  if (pads.some(([a, b]) => a > 0 || b > 0)) {
    y = tf.pad(
      y,
      pads.map(([a, b]): Pair => [Math.max(a, 0), Math.max(b, 0)]),
      value,
    );
  }
  if (pads.some(([a, b]) => a < 0 || b < 0)) {
    const begin = pads.map(([a]) => Math.max(-a, 0));
    const size = y.shape.map((d, i) => d - begin[i] - Math.max(-pads[i][1], 0));
    y = tf.slice(y, begin, size);
  }
  return y;
}

/**
 * The im2col taps of a plane-major input [planes, H, W] (planes = C*N): for each
 * filter offset (fh, fw) in row-major order, the pixels it meets at every output
 * position, as [planes, outH, outW]. Only rank<=3 slices are used: wasm's Slice
 * is a fast row copy up to rank 4, while StridedSlice and rank>4 slices are slow.
 */
export function convTaps(x: tf.Tensor3D, info: tf.backend_util.Conv2DInfo): tf.Tensor3D[] {
  const { padInfo: p, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
  const [planes, h, w] = x.shape;
  // Pad to what the last tap reaches, rounded up to whole stride phases.
  const needH = Math.ceil(((oh - 1) * sh + (fh - 1) * dh + 1) / sh) * sh;
  const needW = Math.ceil(((ow - 1) * sw + (fw - 1) * dw + 1) / sw) * sw;
  const xp = padOrCrop(x, [
    [0, 0],
    [p.top, needH - h - p.top],
    [p.left, needW - w - p.left],
  ]);
  const [hq, wq] = [needH / sh, needW / sw];
  // Space-to-depth by stride: phase (a, b) holds xp[:, a::sh, b::sw], contiguous.
  const phases = sh === 1 && sw === 1 ? xp : tf.reshape(tf.transpose(tf.reshape(xp, [planes * hq, sh, wq, sw]), [1, 3, 0, 2]), [sh * sw, -1]);
  const phase = new Map<number, tf.Tensor3D>();
  const getPhase = (a: number, b: number): tf.Tensor3D => {
    const k = a * sw + b;
    if (!phase.has(k)) {
      phase.set(k, sh === 1 && sw === 1 ? (xp as tf.Tensor3D) : tf.reshape(tf.slice(phases, [k, 0], [1, -1]), [planes, hq, wq]));
    }
    return phase.get(k) as tf.Tensor3D;
  };
  const taps: tf.Tensor3D[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const [r, c] = [i * dh, j * dw];
      const src = getPhase(r % sh, c % sw);
      taps.push(tf.slice(src, [0, Math.floor(r / sh), Math.floor(c / sw)], [planes, oh, ow]));
    }
  }
  return taps;
}

/** NHWC or NCHW activations as plane-major [C*N, H, W] for convTaps. */
export function toPlanes(x: tf.Tensor4D, nchw: boolean): tf.Tensor3D {
  const [a, b, c, d] = x.shape;
  const t = tf.transpose(x, nchw ? [1, 0, 2, 3] : [3, 0, 1, 2]);
  return tf.reshape(t, nchw ? [b * a, c, d] : [d * a, b, c]);
}

/** Inserts (s-1) zeros after every row/column: [N,H,W,C] -> [N,H*sh,W*sw,C]. Rank-4 pads only. */
export function upsample(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = dy.shape;
  let y: tf.Tensor = dy;
  if (sw > 1)
    y = tf.pad(tf.reshape(y, [n * h, w, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
  if (sh > 1)
    y = tf.pad(tf.reshape(y, [n, h, 1, w * sw * c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
    ]);
  return tf.reshape(y, [n, h * sh, w * sw, c]);
}

/**
 * dy laid out for an input gradient as a stride-1 correlation: forward y[o]
 * reads x[o*s + k*d - padTop], so dx[i] reads dyUp[i + padTop - k*d], i.e. the
 * zero-upsampled dy padded by (effective filter - 1 - pad) in front, cropped or
 * padded behind to reach the input size.
 */
export function dyForInputGradient(dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { padInfo, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
  const [eh, ew] = [info.effectiveFilterHeight, info.effectiveFilterWidth];
  const up = upsample(dy, sh, sw);
  const top = eh - 1 - padInfo.top;
  const left = ew - 1 - padInfo.left;
  return padOrCrop(up, [
    [0, 0],
    [top, h + eh - 1 - top - up.shape[1]],
    [left, w + ew - 1 - left - up.shape[2]],
    [0, 0],
  ]) as tf.Tensor4D;
}

// Stock wasm kernels that replacements.ts swapped for ours, saved so a
// replacement can hand the cases it does not implement back to the original.
const stock = new Map<string, tf.KernelConfig>();

export function saveStockKernel(config: tf.KernelConfig): void {
  stock.set(config.kernelName, config);
}

export function stockKernel(kernelName: string): tf.KernelConfig | undefined {
  return stock.get(kernelName);
}

/** `config`, deferring to the saved stock kernel whenever `handles` says no. */
export function withStockFallback(config: tf.KernelConfig, handles: (inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => boolean): tf.KernelConfig {
  return {
    ...config,
    kernelFunc: (args) => {
      if (handles(args.inputs, args.attrs ?? {})) return config.kernelFunc(args);
      const orig = stock.get(config.kernelName);
      if (!orig) throw new StudioError('internal', `${config.kernelName}: case not handled and no stock kernel saved`);
      return orig.kernelFunc(args);
    },
  };
}
