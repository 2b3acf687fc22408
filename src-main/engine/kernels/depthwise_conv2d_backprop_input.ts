// DepthwiseConv2dNativeBackpropInput on wasm: the input gradient is a stride-1
// depthwise convolution (wasm-native, XNNPACK) of dy, zero-upsampled by the
// strides and padded, with the spatially flipped filter; the channel
// multiplier's M outputs per input channel are then summed.
import * as tf from '@tensorflow/tfjs';
import type { DepthwiseBackpropAttrs } from './depthwise_conv2d_backprop_filter';
import { composedKernel, padOrCrop, upsample } from './util';

type Attrs = Omit<DepthwiseBackpropAttrs, 'filterShape'> & { inputShape: [number, number, number, number] };

export const depthwiseConv2dNativeBackpropInputConfig = composedKernel<Attrs>(
  tf.DepthwiseConv2dNativeBackpropInput,
  (inputs, attrs) => {
    const { strides, pad, dilations, dimRoundingMode, inputShape } = attrs;
    const filter = inputs.filter as tf.Tensor4D;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape, strides, dilations ?? 1, pad, dimRoundingMode, true);
    const { padInfo, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
    const [fh, fw, c, m] = filter.shape;
    const [eh, ew] = [info.effectiveFilterHeight, info.effectiveFilterWidth];
    const up = upsample(inputs.dy as tf.Tensor4D, sh, sw);
    // Forward: y[o] reads x[o*s + k*d - padTop]; so dx[i] reads dyUp[i + padTop - k*d],
    // a correlation with the flipped filter once dyUp is padded by eff-1-padTop in front.
    const top = eh - 1 - padInfo.top;
    const left = ew - 1 - padInfo.left;
    const dyp = padOrCrop(up, [[0, 0], [top, h + eh - 1 - top - up.shape[1]],
      [left, w + ew - 1 - left - up.shape[2]], [0, 0]]) as tf.Tensor4D;
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [fh, fw, c * m, 1]) as tf.Tensor4D;
    const dx = tf.depthwiseConv2d(dyp, flipped, 1, 'valid', 'NHWC', [info.dilationHeight, info.dilationWidth]);
    return m === 1 ? dx : tf.sum(tf.reshape(dx, [inputShape[0], h, w, c, m]), 4);
  },
);
