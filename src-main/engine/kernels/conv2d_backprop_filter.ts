// Conv2DBackpropFilter on wasm: dW = im2col(x) · dy. The taps of the input are
// plane-major ([cin, N*outH*outW]) so every product is a plain, untransposed
// wasm matMul: with transpose flags wasm's BatchMatMul is ~7x slower.
import * as tf from '@tensorflow/tfjs';
import { composedKernel, convTaps, toPlanes } from './util';

export interface ConvBackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

interface Attrs extends ConvBackpropAttrs {
  dataFormat: 'NHWC' | 'NCHW';
}

// Below this many input channels per tap, one wide product beats per-tap ones.
const STACK_BELOW_CIN = 16;

export const conv2DBackpropFilterConfig = composedKernel<Attrs>(tf.Conv2DBackpropFilter, (inputs, attrs) => {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const nchw = dataFormat === 'NCHW';
  const x = inputs.x as tf.Tensor4D;
  const dy = nchw ? tf.transpose(inputs.dy, [0, 2, 3, 1]) : inputs.dy;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, nchw ? 'channelsFirst' : 'channelsLast');
  const [, , cin, cout] = filterShape;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const dy2 = tf.reshape(dy, [rows, cout]);
  // Each tap is [cin, rows]; rows of the stacked matrix are ordered (fh, fw, cin),
  // the filter's own memory layout, so the product reshapes straight into dW.
  const taps = convTaps(toPlanes(x, nchw), info).map((t) => tf.reshape(t, [cin, rows]));
  const prod = cin < STACK_BELOW_CIN
    ? tf.matMul(tf.concat(taps, 0), dy2)
    : tf.concat(taps.map((t) => tf.matMul(t, dy2)), 0);
  return tf.reshape(prod, filterShape);
});
