// Identity on wasm without a copy. While a gradient is recorded, tfjs' engine
// saves every tensor a backward pass needs through clone() (an Identity
// kernel); the stock wasm Identity memcpys the whole buffer each time, which on
// a MobileNet-shaped net was ~430 copies per saliency map. The cpu and webgl
// backends share the buffer and bump its reference count instead, as wasm's
// own Reshape does: tensors are immutable, so sharing is safe. Strings keep
// the stock path (their bytes live outside the wasm heap).
import * as tf from '@tensorflow/tfjs';
import { stockKernel } from './util';

interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return stockKernel(tf.Identity)!.kernelFunc(args);
    (args.backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  },
};
