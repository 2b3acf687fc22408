// The gradient model of build.ts on onnxruntime-node: one call gives the
// logits and g·∂logits/∂x for a batch of NCHW images and seeds.
import { availableParallelism } from 'node:os';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { StudioError } from '../../api/errors';
import { loadOrt, ortUnavailable } from '../onnx/ort-forward';
import type { GradModel } from './build';

export interface OrtGradient {
  /** x: n·C·H·W values (NCHW), seed: n·classes. */
  run(x: Float32Array, seed: Float32Array): Promise<{ logits: Float32Array; grad: Float32Array }>;
  release(): Promise<void>;
}

export async function ortGradient(model: GradModel, threads = availableParallelism()): Promise<OrtGradient> {
  const ort = await loadOrt();
  if (!ort) throw new StudioError('unsupported-model', `onnxruntime-node is not available (${ortUnavailable()})`);
  const s: InferenceSession = await ort.InferenceSession.create(model.bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
  const per = model.inputDims.reduce((a, b) => a * b, 1);
  return {
    async run(x, seed) {
      const n = x.length / per;
      if (!Number.isInteger(n) || seed.length !== n * model.classes)
        throw new StudioError('bad-request', `gradient run: ${x.length} input values and ${seed.length} seed values do not make a batch`);
      const out = await s.run({
        [model.input]: new ort.Tensor('float32', x, [n, ...model.inputDims]),
        [model.seed]: new ort.Tensor('float32', seed, [n, model.classes]),
      });
      const read = (name: string): Float32Array => {
        const t = out[name] as OrtTensor;
        const data = Float32Array.from(t.data as Float32Array);
        t.dispose();
        return data;
      };
      return { logits: read(model.logits), grad: read(model.grad) };
    },
    release: () => s.release(),
  };
}
