// Named actions for the method form, the target and the explain job.
import type { ExplainResult, JobProgress, ParamValues, TargetSpec } from '../../../src-main/api/types';
import { autoOverlay } from './displayMode';
import { provenanceOf } from './provenance';
import type { StudioState } from './types';

export function targetRegionChanged(s: StudioState, targetRegion: StudioState['targetRegion']): StudioState {
  return { ...s, targetRegion };
}

export function methodSelected(s: StudioState, methodId: string): StudioState {
  const method = s.methods.find((m) => m.id === methodId);
  if (!method) return s;
  const params: ParamValues = {};
  for (const p of method.params) params[p.name] = p.default;
  return { ...s, methodId, params };
}

export function paramChanged(s: StudioState, name: string, value: number | string | boolean): StudioState {
  return { ...s, params: { ...s.params, [name]: value } };
}

export function targetChanged(s: StudioState, target: TargetSpec): StudioState {
  return { ...s, target };
}

/** null = automatic. A name the current model does not have is ignored. */
export function layerChanged(s: StudioState, layer: string | null): StudioState {
  if (layer !== null && s.model && !s.model.layers.some((l) => l.name === layer)) return s;
  return { ...s, layer };
}

export function allLayersToggled(s: StudioState, allLayers: boolean): StudioState {
  return { ...s, allLayers };
}

export function jobStarted(s: StudioState, jobId: string, modelId: string, imageId: string, method: string): StudioState {
  return { ...s, job: { jobId, modelId, imageId, method, progress: null, cancelRequested: false } };
}

export function jobProgressed(s: StudioState, progress: JobProgress): StudioState {
  if (s.job?.jobId !== progress.jobId) return s;
  return { ...s, job: { ...s.job, progress } };
}

export function cancelRequested(s: StudioState, jobId: string): StudioState {
  if (s.job?.jobId !== jobId) return s;
  return { ...s, job: { ...s.job, cancelRequested: true } };
}

/** The result is shown only if it belongs to the current job, model and image. */
export function explained(s: StudioState, result: ExplainResult): StudioState {
  const job = s.job;
  if (job?.jobId !== result.jobId) return s;
  const current = s.model?.id === job.modelId && s.image?.id === job.imageId;
  if (!current || !s.model || !s.image) return { ...s, job: null };
  // Each map opens in the mode its values call for (signed → diverging around 0, else |abs|), unless the user pinned one.
  const { overlay, choice } = autoOverlay(s.overlay, s.modeChoice, result);
  const resultFrom = { ...provenanceOf(s.model, s.image), jobId: result.jobId };
  return { ...s, job: null, result, resultFrom, overlay, modeChoice: choice };
}

export function jobEnded(s: StudioState, jobId: string): StudioState {
  return s.job?.jobId === jobId ? { ...s, job: null } : s;
}
