// Registers, once, the wasm kernels that gradient methods and training need
// and that @tensorflow/tfjs-backend-wasm lacks. Never overwrites a kernel.
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d_backprop_filter';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise_conv2d_backprop_filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise_conv2d_backprop_input';
import { unsortedSegmentSumConfig } from './unsorted_segment_sum';

export const KERNELS: tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  unsortedSegmentSumConfig,
];

export function registerMissingWasmKernels(): string[] {
  const added: string[] = [];
  for (const k of KERNELS) {
    if (tf.getKernel(k.kernelName, 'wasm') == null) {
      tf.registerKernel(k);
      added.push(k.kernelName);
    }
  }
  return added;
}
