// DepthwiseConv2dNativeBackpropInput on wasm: the input gradient is a stride-1
// depthwise convolution (wasm-native, XNNPACK) of dy, zero-upsampled by the
// strides and padded, with the spatially flipped filter; the channel
// multiplier's M outputs per input channel are then summed. The flipped filter
// is cached per weight tensor (derived-filters.ts).
import * as tf from '@tensorflow/tfjs';
import type { DepthwiseBackpropAttrs } from './depthwise_conv2d_backprop_filter';
import { derivedFilter } from './derived-filters';
import { composedKernel, dyForInputGradient } from './util';

type Attrs = Omit<DepthwiseBackpropAttrs, 'filterShape'> & { inputShape: [number, number, number, number] };

export const depthwiseConv2dNativeBackpropInputConfig = composedKernel<Attrs>(tf.DepthwiseConv2dNativeBackpropInput, (inputs, attrs) => {
  const { strides, pad, dilations, dimRoundingMode, inputShape } = attrs;
  const filter = inputs.filter as tf.Tensor4D;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const { inHeight: h, inWidth: w } = info;
  const [fh, fw, c, m] = filter.shape;
  const dyp = dyForInputGradient(inputs.dy as tf.Tensor4D, info);
  const flipped = derivedFilter(filter, 'depthwise-flip', () => tf.reshape(tf.reverse(filter, [0, 1]), [fh, fw, c * m, 1])) as tf.Tensor4D;
  const dx = tf.depthwiseConv2d(dyp, flipped, 1, 'valid', 'NHWC', [info.dilationHeight, info.dilationWidth]);
  return m === 1 ? dx : tf.sum(tf.reshape(dx, [inputShape[0], h, w, c, m]), 4);
});
