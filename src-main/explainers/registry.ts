// The single list of methods: the UI builds its forms from it, the CLI its
// flags and help, the tests their loops. Order is display order.
import type { MethodDescriptor, ParamValues } from '../api/types';
import { StudioError } from '../api/errors';
import { saliency } from './saliency';
import { gradientInput } from './gradient-input';
import { integratedGradients } from './integrated-gradients';
import { gradientShap } from './gradient-shap';
import { noiseTunnelMethods } from './noise-tunnel';
import { guidedBackprop } from './guided-backprop';
import { deconvnet } from './deconvnet';
import { deeplift } from './deeplift';
import { lrp } from './lrp';
import { xrai } from './xrai';
import { camMethods } from './cam';
import { scorecam } from './cam/score-cam';
import { ablationcam } from './cam/ablation-cam';
import { perturbationMethods } from './perturbation';
import type { Method } from './types';

// The noise tunnels read this list lazily (their `base` options), after it exists.
export const METHODS: readonly Method[] = [saliency, gradientInput, integratedGradients, gradientShap, ...noiseTunnelMethods(() => METHODS), guidedBackprop, deconvnet, deeplift, lrp, xrai, ...camMethods, scorecam, ablationcam, ...perturbationMethods];

export function getMethod(id: string): Method {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new StudioError('unknown-method', `unknown method "${id}" (known: ${METHODS.map((x) => x.id).join(', ')})`);
  return m;
}

export function describeMethods(): MethodDescriptor[] {
  return METHODS.map(({ run: _run, ...d }) => ({ ...d, params: d.params.map((p) => ({ ...p })) }));
}

/** Fills defaults and checks types and ranges, naming the offending parameter. */
export function resolveParams(m: MethodDescriptor, given: ParamValues = {}): ParamValues {
  const out: ParamValues = {};
  for (const key of Object.keys(given)) {
    if (!m.params.some((p) => p.name === key)) {
      throw new StudioError('bad-param', `method ${m.id} has no parameter "${key}"${m.params.length ? ` (it has: ${m.params.map((p) => p.name).join(', ')})` : ''}`);
    }
  }
  for (const p of m.params) {
    let v = given[p.name] ?? p.default;
    if (p.type === 'int' || p.type === 'float') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n) || (p.type === 'int' && !Number.isInteger(n))) throw new StudioError('bad-param', `${m.id}: ${p.name} must be ${p.type === 'int' ? 'an integer' : 'a number'}, got "${String(v)}"`);
      if ((p.min != null && n < p.min) || (p.max != null && n > p.max)) throw new StudioError('bad-param', `${m.id}: ${p.name}=${n} is outside [${p.min ?? '-∞'}, ${p.max ?? '∞'}]`);
      v = n;
    } else if (p.type === 'bool') {
      v = v === true || v === 'true' || v === 1 || v === '1';
    } else if (p.type === 'enum') {
      if (!p.options?.includes(String(v))) throw new StudioError('bad-param', `${m.id}: ${p.name} must be one of ${p.options?.join(', ')}, got "${String(v)}"`);
      v = String(v);
    } else v = String(v);
    out[p.name] = v;
  }
  return out;
}
