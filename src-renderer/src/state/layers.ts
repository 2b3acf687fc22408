// Which layers the layer picker offers for a model: pure selectors over
// ModelInfo. Engines that predate camEligible/autoLayer leave them out; then
// every spatial layer ([n,h,w,c], h·w > 1) counts as eligible and the engine
// picks the automatic layer itself.
import type { LayerInfo, ModelInfo } from '../../../src-main/api/types';

export interface LayerChoices {
  /** The engine's automatic layer (shown as the "(auto)" option), if it said which. */
  auto: LayerInfo | null;
  /** Eligible layers other than the automatic one, model order. */
  eligible: LayerInfo[];
  /** Non-eligible layers, offered only with "All layers". */
  others: LayerInfo[];
}

/** [n,h,w,c] with a known h·w > 1. */
export function isSpatial(l: LayerInfo): boolean {
  const [, h, w] = l.outputShape;
  return l.outputShape.length === 4 && typeof h === 'number' && typeof w === 'number' && h * w > 1;
}

export function isCamEligible(model: ModelInfo, l: LayerInfo): boolean {
  const known = model.layers.some((x) => x.camEligible !== undefined);
  return known ? l.camEligible === true : isSpatial(l);
}

/** "conv2 — Conv2D [14×14×64]"; unknown sizes as "?", the batch axis dropped. */
export function layerLabel(l: LayerInfo): string {
  const dims = l.outputShape.slice(1).map((d) => (d === null ? '?' : String(d)));
  return `${l.label ?? l.name} — ${l.className}${dims.length ? ` [${dims.join('×')}]` : ''}`;
}

/** The picker's options. `current` (an explicit choice) stays listed even if not eligible. */
export function layerChoices(model: ModelInfo, current: string | null): LayerChoices {
  const autoName = model.autoLayer ?? null;
  const auto = model.layers.find((l) => l.name === autoName) ?? null;
  const eligible: LayerInfo[] = [];
  const others: LayerInfo[] = [];
  for (const l of model.layers) {
    if (l === auto) continue;
    (isCamEligible(model, l) || l.name === current ? eligible : others).push(l);
  }
  return { auto, eligible, others };
}

/**
 * The `layer` an explain request carries: the explicit choice, else null so the
 * engine picks its automatic layer. The engine reads null as the sidecar's
 * defaultLayer when one is set, so "(auto)" then names the auto layer outright.
 */
export function requestLayer(model: ModelInfo, layer: string | null): string | null {
  if (layer !== null) return layer;
  return model.defaultLayer ? (model.autoLayer ?? null) : null;
}
