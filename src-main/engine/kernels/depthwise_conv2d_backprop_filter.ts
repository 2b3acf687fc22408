// DepthwiseConv2dNativeBackpropFilter on wasm: for each channel c,
// dW[:, :, c, :] = taps_c · dy_c, i.e. one batched wasm matMul over channels
// ([C, taps, N*outH*outW] x [C, N*outH*outW, M]) on plane-major im2col taps.
import * as tf from '@tensorflow/tfjs';
import type { ConvBackpropAttrs } from './conv2d_backprop_filter';
import { composedKernel, convTaps, toPlanes } from './util';

export interface DepthwiseBackpropAttrs extends ConvBackpropAttrs {
  dilations: [number, number] | number;
}

export const depthwiseConv2dNativeBackpropFilterConfig = composedKernel<Omit<DepthwiseBackpropAttrs, 'filterShape'> & { filterShape: [number, number, number, number] }>(
  tf.DepthwiseConv2dNativeBackpropFilter,
  (inputs, attrs) => {
    const { strides, pad, dilations, dimRoundingMode, filterShape } = attrs;
    const x = inputs.x as tf.Tensor4D;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
    const [fh, fw, c, m] = filterShape;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    // Taps stacked per channel: [C, fh*fw, rows].
    const taps = convTaps(toPlanes(x, false), info).map((t) => tf.reshape(t, [c, 1, rows]));
    const cols = taps.length === 1 ? taps[0] : tf.concat(taps, 1);
    const dyc = tf.transpose(tf.reshape(inputs.dy, [rows, c, m]), [1, 0, 2]);
    const prod = tf.matMul(cols, dyc); // [C, fh*fw, M]
    return tf.reshape(tf.transpose(prod, [1, 0, 2]), [fh, fw, c, m]);
  },
);
