// Fake-CAM (Poppi, Cornia, Baraldi & Cucchiara 2021): a control that ignores
// the model and the image. With N = H·W pixels of the model input, every
// pixel of the map is 1/N except the top-left one, (0,0), which is 0. It looks
// perfect on Average Drop / Increase and must score badly on ADCC.
import type { Method } from '../types';

export const fakeCam: Method = {
  id: 'fake-cam',
  label: 'Fake-CAM (control)',
  family: 'control',
  paper:
    'Poppi, Cornia, Baraldi & Cucchiara 2021, Revisiting The Evaluation of Class Activation Mapping for Explainability: A Novel Metric and Experimental Analysis (arXiv:2104.10252)',
  needsLayer: false,
  usesGradients: false,
  params: [],
  run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const map = new Float32Array(h * w).fill(1 / (h * w));
    map[0] = 0;
    ctx.progress(1, 1);
    return Promise.resolve({ map, shape: [h, w] });
  },
};
