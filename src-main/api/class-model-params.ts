// The class-model parameters: one schema read by the engine (validation), the
// CLI (--set k=v) and the renderer (its sliders). Pure data, no tfjs: the
// renderer imports it.
import type { ParamSpec } from './types';

export const CLASS_MODEL_PARAMS: ParamSpec[] = [
  { name: 'steps', type: 'int', default: 200, min: 1, max: 5000, help: 'Gradient steps; raising it on a finished run continues it' },
  {
    name: 'optimiser',
    type: 'enum',
    default: 'adam',
    options: ['adam', 'ascent'],
    help: 'adam: step size lr in units of the input range; ascent: plain I ← I + lr·∇ (the paper)',
  },
  { name: 'lr', type: 'float', default: 0.02, min: 0, max: 100, help: 'Learning rate' },
  { name: 'l2', type: 'float', default: 0.0005, min: 0, max: 100, help: 'λ of the L2 penalty λ‖I‖² on the centred image' },
  { name: 'blurSigma', type: 'float', default: 0.5, min: 0, max: 5, help: 'Gaussian blur σ in pixels, applied every blurEvery steps (0 = off)' },
  { name: 'blurEvery', type: 'int', default: 4, min: 1, max: 100, help: 'Blur every k steps' },
  { name: 'jitter', type: 'int', default: 2, min: 0, max: 32, help: 'Random circular shift of up to ± this many pixels before each step' },
  { name: 'tv', type: 'float', default: 0, min: 0, max: 100, help: 'Weight of the total-variation penalty Σ(∇I)²' },
  { name: 'clipNorm', type: 'float', default: 0, min: 0, max: 99, help: 'Zero the pixels whose norm is below this percentile (Yosinski et al.; 0 = off)' },
  { name: 'clipContrib', type: 'float', default: 0, min: 0, max: 99, help: 'Zero the pixels whose contribution |I⊙∇| is below this percentile (0 = off)' },
  { name: 'clamp', type: 'bool', default: true, help: "Keep the image inside the model's valid input range" },
  {
    name: 'init',
    type: 'enum',
    default: 'zero',
    options: ['zero', 'noise', 'image'],
    help: 'Start image: the zero-centred image, small noise, or the open image',
  },
  { name: 'frameEvery', type: 'int', default: 5, min: 1, max: 1000, help: 'Send a frame every k steps' },
  { name: 'seed', type: 'int', default: 1, min: 0, max: 2 ** 31 - 1, help: 'Seed of the noise start and of the jitter' },
];

export interface ClassModelParams {
  steps: number;
  optimiser: 'adam' | 'ascent';
  lr: number;
  l2: number;
  blurSigma: number;
  blurEvery: number;
  jitter: number;
  tv: number;
  clipNorm: number;
  clipContrib: number;
  clamp: boolean;
  init: 'zero' | 'noise' | 'image';
  frameEvery: number;
  seed: number;
}
