// The one exception to "never overwrite an existing wasm kernel": stock kernels
// that are wrong or far too slow for gradient work are swapped for ours. Each is
// saved first (util.stockKernel), so a replacement can defer the cases it does
// not implement, and tests can still show why the stock one was dropped.
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batch_mat_mul';
import { conv2DBackpropInputConfig } from './conv2d_backprop_input';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './max_pool_grad';
import { saveStockKernel, stockKernel } from './util';

export const REPLACEMENTS: { config: tf.KernelConfig; why: string }[] = [
  {
    config: maxPoolGradConfig,
    why:
      'wrong: the stock C++ starts the running max at numeric_limits<float>::min() (smallest positive float), ' +
      'so windows with no positive value route their gradient nowhere or to the wrong pixel',
  },
  {
    config: conv2DBackpropInputConfig,
    why: 'slow: naive C++ loops, ~9x slower than a stride-1 XNNPACK conv2d of the upsampled dy ' + '(dominated Darknet-tiny saliency time)',
  },
  {
    config: batchMatMulConfig,
    why: 'slow with a transposed operand: a·bᵀ and aᵀ·b (the input and weight gradients of a dense layer) ' + 'run 10-20x slower than the plain product',
  },
  {
    config: identityConfig,
    why:
      'slow: copies the buffer where cpu/webgl share it; tfjs clones every tensor it saves for a backward pass ' +
      '(~430 copies per MobileNet-shaped saliency map)',
  },
];

/** Swaps each stock wasm kernel for ours once; returns the names swapped by this call. */
export function replaceStockWasmKernels(): string[] {
  const replaced: string[] = [];
  for (const { config } of REPLACEMENTS) {
    const name = config.kernelName;
    if (stockKernel(name)) continue; // already replaced
    const orig = tf.getKernel(name, 'wasm');
    if (!orig) continue; // nothing to replace (a future tfjs may drop it; ours would then be "missing")
    saveStockKernel(orig);
    tf.unregisterKernel(name, 'wasm');
    // Keep the stock setup/dispose so a re-initialised backend still wires the fallback.
    tf.registerKernel({ ...config, setupFunc: orig.setupFunc, disposeFunc: orig.disposeFunc });
    replaced.push(name);
  }
  return replaced;
}
