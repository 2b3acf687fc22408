// DeconvNet (Zeiler & Fergus 2014) as a gradient rule: the backward of every
// ReLU is ReLU(dy), ignoring the forward sign of x (max-pool switches are kept,
// since the pooling gradient routes to the argmax). Signed channel sum, as in
// guided-backprop.ts. LeakyReLU gets the same rule; Captum's Deconvolution
// hooks nn.ReLU only and gives the plain gradient on LeakyReLU nets.
import { deconvRule } from '../model/backward-rules';
import { ruleGradientMap } from './guided-backprop';
import type { Method } from './types';

export const deconvnet: Method = {
  id: 'deconvnet',
  label: 'DeconvNet',
  family: 'gradient',
  paper: 'Zeiler & Fergus 2014, Visualizing and Understanding Convolutional Networks (arXiv:1311.2901).',
  peers:
    'Differs from Captum 0.8 on LeakyReLU nets: LeakyReLU gets the ReLU rule; Captum hooks only nn.ReLU and silently returns the plain gradient there (Pearson ≈ 0 on Darknet)',
  needsLayer: false,
  usesGradients: true,
  params: [],
  run: (ctx) => ruleGradientMap(ctx, deconvRule),
};
