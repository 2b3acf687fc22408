// The Explain button's price: the selected method's passes for the current
// parameters (src-main/api/cost.ts) × the open model's measured ms per image,
// scaled by how far this method's last run on the model was off.
import { estimateMs, methodPasses, type Passes, type PassTiming } from '../../../src-main/api/cost';
import type { RegionLabels } from '../../../src-main/api/types';
import { requestLayer } from './layers';
import type { StudioState } from './types';

export interface Estimate {
  /** What the button says, in ms. */
  ms: number;
  /** Before the last run's correction. */
  baseMs: number;
  passes: Passes;
  /** Where the ms per pass came from. */
  source: 'timing probe' | 'last run';
}

type Meter = { timing: (PassTiming & { modelId: string }) | null; ratio: Record<string, number> };

const regionCounts = new WeakMap<RegionLabels, number>();
function regionCount(r: RegionLabels | null): number | undefined {
  if (!r) return undefined;
  let n = regionCounts.get(r);
  if (n === undefined) {
    n = 0;
    for (const v of r.labels) if (v + 1 > n) n = v + 1;
    regionCounts.set(r, n);
  }
  return n;
}

export function estimateFor(s: Pick<StudioState, 'model' | 'methods' | 'methodId' | 'params' | 'layer' | 'regions'>, m: Meter): Estimate | null {
  const method = s.methods.find((x) => x.id === s.methodId);
  if (!method || !s.model || m.timing?.modelId !== s.model.id) return null;
  const model = s.model;
  const passes = methodPasses(
    method,
    s.params,
    {
      inputHeight: model.inputHeight,
      inputWidth: model.inputWidth,
      layers: model.layers,
      layer: method.needsLayer ? (requestLayer(model, s.layer) ?? null) : null,
      autoLayer: model.autoLayer ?? null,
      defaultLayer: model.defaultLayer,
      regionCount: method.acceptsRegions ? regionCount(s.regions) : undefined,
    },
    s.methods,
  );
  const baseMs = estimateMs(passes, m.timing);
  if (!Number.isFinite(baseMs)) return null;
  const ratio = m.ratio[method.id];
  return { ms: baseMs * (ratio ?? 1), baseMs, passes, source: ratio ? 'last run' : 'timing probe' };
}
