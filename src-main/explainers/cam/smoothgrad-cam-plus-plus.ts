// SmoothGrad-CAM++ (Omeiza et al. 2019): Grad-CAM++ channel weights averaged
// over `samples` copies of the input with Gaussian noise (σ = noise ×
// (max − min) of the input, as SmoothGrad), applied to the clean input's
// activations. Noisy copies run `batch` at a time through one forward/backward.
import * as tf from '@tensorflow/tfjs';
import { yieldToLoop } from '../../core/jobs';
import { mulberry32 } from '../../shared/random';
import { gradcamPlusPlusWeights } from './gradcam-plus-plus';
import { camMethod } from './template';

export const smoothgradCamPlusPlus = camMethod(
  {
    id: 'smoothgrad-cam-plus-plus',
    usesGradients: true,
    label: 'SmoothGrad-CAM++',
    paper: 'Omeiza, Speakman, Cintas & Weldemariam 2019, Smooth Grad-CAM++: An Enhanced Inference Level Visualization Technique (arXiv:1908.01224)',
    params: [
      { name: 'samples', type: 'int', default: 16, min: 1, max: 1000, help: 'noisy copies of the input' },
      { name: 'noise', type: 'float', default: 0.15, min: 0, max: 10, help: 'noise σ as a fraction of the input range (max − min)' },
      { name: 'seed', type: 'int', default: 0, min: 0, help: 'random seed of the noise' },
      { name: 'batch', type: 'int', default: 8, min: 1, max: 256, help: 'internal batch size (noisy copies per forward/backward pass)' },
    ],
  },
  {
    gradients: false,
    weights: async ({ ctx, activationsAndGrads }) => {
      const samples = ctx.params.samples as number;
      const batch = ctx.params.batch as number;
      const sigma = tf.tidy(() =>
        ctx.input
          .max()
          .sub(ctx.input.min())
          .mul(ctx.params.noise as number),
      );
      const rand = mulberry32(ctx.params.seed as number);
      let sum: tf.Tensor1D | null = null;
      for (let done = 0; done < samples;) {
        const n = Math.min(batch, samples - done);
        const part = tf.tidy(() => {
          const x = ctx.input.tile([n, 1, 1, 1]).add(
            tf
              .randomNormal(
                ctx.input.shape.map((d, i) => (i === 0 ? n : d)),
                0,
                1,
                'float32',
                Math.floor(rand() * 2 ** 31),
              )
              .mul(sigma),
          ) as tf.Tensor4D;
          const { A, grads } = activationsAndGrads(x);
          const w = gradcamPlusPlusWeights(A, grads).sum(0);
          return (sum ? sum.add(w) : w) as tf.Tensor1D;
        });
        sum?.dispose();
        sum = part;
        done += n;
        ctx.progress(done, samples);
        await yieldToLoop();
        ctx.signal.check();
      }
      sigma.dispose();
      const mean = tf.tidy(() => sum!.div(samples) as tf.Tensor1D);
      sum!.dispose();
      return mean;
    },
  },
);
