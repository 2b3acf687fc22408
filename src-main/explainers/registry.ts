// The single list of methods and controls: the UI builds its forms from it, the
// CLI its flags and help, the tests their loops. Order is display order.
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
import { controlMethods } from './controls';
import type { Method } from './types';

// Moved to its own file (XRAI and the tunnels use it without importing this one); re-exported for callers.
export { acceptsParam, ownParams, resolveParams } from './resolve-params';

/**
 * Each method's part in the BIM benchmark (bim/run.ts), set on its descriptor
 * (MethodDescriptor.bim): in the default list unless `default: false`, with
 * parameters sized for its 64²/96² images over many maps.
 */
const BIM: Record<string, { params?: ParamValues; default?: false }> = {
  saliency: {},
  'gradient-input': {},
  'integrated-gradients': { params: { steps: 32 } },
  smoothgrad: { params: { samples: 32 } },
  'guided-backprop': {},
  gradcam: {},
  scorecam: { params: { batch: 32 }, default: false },
  occlusion: { params: { window: 8, stride: 4 } },
  rise: { params: { samples: 1000 } },
};

/** A copy with the BIM flag; it keeps accessors unread (the noise tunnels' lazy `base` options and flags). */
function withBim(m: Method): Method {
  const b = BIM[m.id];
  if (!b) return m;
  const flag = { default: b.default ?? true, ...(b.params ? { params: b.params } : {}) };
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(m), bim: { value: flag, enumerable: true } }) as Method;
}

// The noise tunnels read this list lazily (their `base` options), after it exists.
export const METHODS: readonly Method[] = [
  saliency,
  gradientInput,
  integratedGradients,
  gradientShap,
  ...noiseTunnelMethods(() => METHODS),
  guidedBackprop,
  deconvnet,
  deeplift,
  lrp,
  xrai,
  ...camMethods,
  scorecam,
  ablationcam,
  ...perturbationMethods,
  ...controlMethods,
].map(withBim);
for (const id of Object.keys(BIM)) if (!METHODS.some((m) => m.id === id)) throw new StudioError('internal', `registry: BIM names unknown method "${id}"`);

/** The controls (family 'control'), in the evaluation's default order. */
export const CONTROLS: readonly Method[] = METHODS.filter((m) => m.family === 'control');
export const DEFAULT_CONTROL_IDS = CONTROLS.map((m) => m.id);

export function getMethod(id: string): Method {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new StudioError('unknown-method', `unknown method "${id}" (known: ${METHODS.map((x) => x.id).join(', ')})`);
  return m;
}

/** A method as plain data: accessors read, functions (run, schema look-ups) left out, so it crosses any boundary. */
export function describeMethod(m: Method): MethodDescriptor {
  const d = Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v !== 'function')) as unknown as MethodDescriptor;
  return { ...d, params: d.params.map((p) => ({ ...p })) };
}

/** Every registered method, the controls included. */
export function describeMethods(): MethodDescriptor[] {
  return METHODS.map(describeMethod);
}
