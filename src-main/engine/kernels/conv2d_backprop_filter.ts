// Conv2DBackpropFilter on wasm, composed from wasm-native ops. Two equivalent
// forms; measured on wasm each wins in a different regime (see pickConvForm):
//  - im2col: dW = taps(x) · dy as plain matMuls on plane-major taps
//    ([cin, N*outH*outW]); wasm's BatchMatMul is ~7x slower with transpose flags.
//  - conv: dW is itself a convolution over the batch. With x as [cin, H, W, N]
//    (batch = cin, channels = N) and dy as a filter [outH, outW, N, cout] dilated
//    by the strides, one XNNPACK conv2d yields [cin, fh, fw, cout].
import * as tf from '@tensorflow/tfjs';
import { composedKernel, convTaps, padOrCrop, toPlanes } from './util';

export interface ConvBackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

interface Attrs extends ConvBackpropAttrs {
  dataFormat: 'NHWC' | 'NCHW';
}

type Info = tf.backend_util.Conv2DInfo;

/** Pads/crops spatial dims 1, 2 of a [*, H, W, *] tensor to exactly what the filter taps read. */
export function padForTaps(x: tf.Tensor4D, info: Info): tf.Tensor4D {
  const needH = (info.outHeight - 1) * info.strideHeight + (info.filterHeight - 1) * info.dilationHeight + 1;
  const needW = (info.outWidth - 1) * info.strideWidth + (info.filterWidth - 1) * info.dilationWidth + 1;
  const { top, left } = info.padInfo;
  const [, h, w] = x.shape;
  return padOrCrop(x, [
    [0, 0],
    [top, needH - h - top],
    [left, needW - w - left],
    [0, 0],
  ]) as tf.Tensor4D;
}

/** Conv form wins for strided or small-output layers; im2col for large outputs and few input channels. */
export function pickConvForm(info: Info): boolean {
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  return info.inChannels >= 8 && (strided || info.outHeight * info.outWidth <= 256);
}

function im2col(x: tf.Tensor4D, dy: tf.Tensor, info: Info, nchw: boolean): tf.Tensor {
  const { inChannels: cin, outChannels: cout } = info;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const dy2 = tf.reshape(dy, [rows, cout]);
  // Tap rows are ordered (fh, fw, cin), the filter's memory layout.
  const taps = convTaps(toPlanes(x, nchw), info).map((t) => tf.reshape(t, [cin, rows]));
  // Few channels per tap: one wide product; otherwise per-tap products (no big concat).
  return cin < 16
    ? tf.matMul(tf.concat(taps, 0), dy2)
    : tf.concat(
        taps.map((t) => tf.matMul(t, dy2)),
        0,
      );
}

function asConv(x: tf.Tensor4D, dy: tf.Tensor, info: Info, nchw: boolean): tf.Tensor {
  const xb = tf.transpose(x, nchw ? [1, 2, 3, 0] : [3, 1, 2, 0]) as tf.Tensor4D; // [cin, H, W, N]
  const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // dy is NHWC here: [outH, outW, N, cout]
  const out = tf.conv2d(padForTaps(xb, info), f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
  return tf.transpose(out, [1, 2, 0, 3]);
}

export const conv2DBackpropFilterConfig = composedKernel<Attrs>(tf.Conv2DBackpropFilter, (inputs, attrs) => {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const nchw = dataFormat === 'NCHW';
  const x = inputs.x as tf.Tensor4D;
  const dy = nchw ? tf.transpose(inputs.dy, [0, 2, 3, 1]) : inputs.dy;
  const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, nchw ? 'channelsFirst' : 'channelsLast');
  const dw = pickConvForm(info) ? asConv(x, dy, info, nchw) : im2col(x, dy, info, nchw);
  return tf.reshape(dw, filterShape);
});
