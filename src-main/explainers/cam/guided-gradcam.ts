// Guided Grad-CAM (Selvaraju et al. 2017): the upsampled Grad-CAM map times
// the Guided Backprop map (signed channel sum), pixel by pixel: class-
// discriminative and high-resolution. `grid` is Grad-CAM's native map.
import type { Method } from '../types';
import { guidedBackprop } from '../guided-backprop';
import { gradcamVariant } from './gradcam';
import { runCam } from './template';

export const guidedGradcam: Method = {
  id: 'guided-gradcam',
  label: 'Guided Grad-CAM',
  family: 'activation',
  paper: 'Selvaraju et al. 2017, Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization (arXiv:1610.02391)',
  needsLayer: true,
  usesGradients: true,
  params: [],
  async run(ctx) {
    const cam = await runCam(ctx, gradcamVariant);
    const gb = await guidedBackprop.run({ ...ctx, params: {} });
    const map = new Float32Array(cam.map.length);
    for (let i = 0; i < map.length; i++) map[i] = cam.map[i] * gb.map[i];
    return { map, shape: cam.shape, grid: cam.grid, extras: { ...gb.extras, ...cam.extras } };
  },
};
