// DeconvNet (Zeiler & Fergus 2014) as a gradient rule: the backward of every
// ReLU is ReLU(dy), ignoring the forward sign of x (max-pool switches are kept,
// since the pooling gradient routes to the argmax). Signed channel sum, as in
// guided-backprop.ts.
import { deconvRule } from '../model/backward-rules';
import { ruleGradientMap } from './guided-backprop';
import type { Method } from './types';

export const deconvnet: Method = {
  id: 'deconvnet',
  label: 'DeconvNet',
  family: 'gradient',
  paper: 'Zeiler & Fergus 2014, Visualizing and Understanding Convolutional Networks (arXiv:1311.2901)',
  needsLayer: false,
  usesGradients: true,
  params: [],
  run: (ctx) => ruleGradientMap(ctx, deconvRule),
};
