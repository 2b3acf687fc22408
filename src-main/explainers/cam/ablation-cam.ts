// Ablation-CAM (Desai & Ramaswamy 2020): no gradients. Channel k's weight is
// the relative drop of the target score when A_k is zeroed,
// w_k = (S_c − S_c^k) / S_c, with S_c^k = head(A with channel k = 0) scored by
// the CAM template's head — only the layers after A run, `batch` ablated
// activations per pass. Zeroing follows the paper. pytorch-grad-cam instead
// sets min(A) − 1e7 when A can be negative (e.g. a leaky ReLU), re-reading the
// minimum of the batch it is modifying, so the value a channel gets depends on
// its row's position in the batch (Pearson 0.586 to ours on such a layer; a
// replica reproduces it exactly). That is a bug: we offer no option for it.
// S_c < 0 flips every weight's sign, as in the paper's formula.
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../../api/errors';
import { scoreInBatches } from '../batches';
import { ablatedActivations } from './masked-batches';
import { camMethod, type CamInputs, type CamVariant } from './template';

/** S_c^k for every channel k, `batch` ablated activations per head pass: [K] on the host. */
export function ablatedScores(inp: CamInputs, batch: number): Promise<Float32Array> {
  const { ctx, A, score } = inp;
  return scoreInBatches(
    ctx,
    A.shape[3],
    batch,
    (s, e) => ablatedActivations(A, s, e),
    (a) => score(a as tf.Tensor4D),
    'ablated head passes',
  );
}

export const ablationcamVariant: CamVariant = {
  gradients: false,
  weights: async (inp) => {
    const full = tf.tidy(() => inp.score(inp.A)); // the head leaves intermediates
    const sc = (await full.data())[0];
    full.dispose();
    if (sc === 0) throw new StudioError('ablation-zero-score', `Ablation-CAM divides by the target score S_c, which is 0 for class ${inp.ctx.target}`);
    const ablated = await ablatedScores(inp, inp.ctx.params.batch as number);
    return tf.tensor1d(Float32Array.from(ablated, (s) => (sc - s) / sc));
  },
};

export const ablationcam = camMethod(
  {
    id: 'ablationcam',
    label: 'Ablation-CAM',
    paper: 'Desai & Ramaswamy 2020, Ablation-CAM: Visual Explanations for Deep Convolutional Network via Gradient-free Localization (WACV 2020).',
    peers:
      "Differs from pytorch-grad-cam 1.5.5 on layers with negative activations: the channel is set to 0 (the paper); pytorch-grad-cam sets min(A) − 1e7 with the minimum re-read from the batch being modified, so its value depends on the row's position in the batch (a bug, Pearson 0.586; not reproduced)",
    usesGradients: false,
    parallel: 'tfjs',
    params: [
      {
        name: 'batch',
        type: 'int',
        default: 32,
        min: 1,
        max: 512,
        help: 'Internal batch size: ablated activations (one channel zeroed each) per pass through the layers after the target layer.',
      },
    ],
  },
  ablationcamVariant,
);
