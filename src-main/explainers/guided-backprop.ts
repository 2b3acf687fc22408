// Guided Backprop (Springenberg, Dosovitskiy, Brox & Riedmiller 2015): the
// class-score gradient with every ReLU's backward replaced by "pass dy where
// x > 0 and dy > 0" (rule in model/backward-rules.ts). The map is the signed
// sum over colour channels; the UI shows it as abs or signed. LeakyReLU is
// gated like ReLU; Captum hooks nn.ReLU modules only, so on a LeakyReLU net
// (Darknet) it silently returns the plain gradient (Pearson ≈ 0 to ours).
import * as tf from '@tensorflow/tfjs';
import { type BackwardRule, guidedRule, requireBackwardRules } from '../model/backward-rules';
import { classScoreGradient } from './saliency';
import type { ExplainContext, Method, MethodOutput } from './types';

/** ∂S/∂x under `rule`, summed over channels: the shared body of the rule-gradient methods. */
export async function ruleGradientMap(ctx: ExplainContext, rule: BackwardRule): Promise<MethodOutput> {
  ctx.signal.check();
  requireBackwardRules(ctx.model, rule.name);
  const [, h, w] = ctx.input.shape;
  const { result: map, sites } = ctx.model.withBackwardRule(rule, () =>
    tf.tidy(() =>
      classScoreGradient((x) => ctx.model.logits(x), ctx.input, ctx.target)
        .sum(3)
        .reshape([h, w]),
    ),
  );
  const data = (await map.data()) as Float32Array;
  map.dispose();
  ctx.progress(1, 1);
  const ruled = sites.filter((s) => s.kind !== 'other');
  const extras: Record<string, number | string> = { reluSites: ruled.length, otherSites: sites.length - ruled.length };
  const unsupported = ctx.model.unsupportedNonlinearities();
  if (unsupported.length) extras.unsupported = `ordinary gradient through ${unsupported.join(', ')}`;
  if (ruled.length === 0) extras.warning = 'the model has no ReLU-family nonlinearity: the map is the plain gradient';
  return { map: data, shape: [h, w], extras };
}

export const guidedBackprop: Method = {
  id: 'guided-backprop',
  label: 'Guided Backprop',
  family: 'gradient',
  paper: 'Springenberg, Dosovitskiy, Brox & Riedmiller 2015, Striving for Simplicity: The All Convolutional Net (arXiv:1412.6806).',
  peers:
    'Differs from Captum 0.8 on LeakyReLU nets: LeakyReLU is gated like ReLU; Captum hooks only nn.ReLU and silently returns the plain gradient there (Pearson ≈ 0 on Darknet)',
  needsLayer: false,
  usesGradients: true,
  params: [],
  run: (ctx) => ruleGradientMap(ctx, guidedRule),
};
