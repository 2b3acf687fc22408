// Named actions for the engine, the model, the image and the prediction.
// Each returns a new state; stale replies (for a model or image no longer
// shown) return the state unchanged.
import type { DemoEntry, EngineInfo, ImageInfo, ImagePixels, MethodDescriptor, ModelInfo, Prediction } from '../../../src-main/api/types';
import { defaultWindow } from '../render/windowLevel';
import { methodSelected } from './explain';
import type { Loading, StudioState } from './types';

export function engineLoaded(s: StudioState, engine: EngineInfo): StudioState {
  return { ...s, engine };
}

export function catalogLoaded(s: StudioState, methods: MethodDescriptor[], demos: DemoEntry[]): StudioState {
  const next = { ...s, methods, demos, demosListed: true };
  const keep = s.methodId && methods.some((m) => m.id === s.methodId);
  return keep || methods.length === 0 ? next : methodSelected(next, methods[0].id);
}

export function loadingStarted(s: StudioState, loading: Loading, name: string | null = null): StudioState {
  return { ...s, loading, loadingName: name };
}

export function demoChosen(s: StudioState, demoId: string | null): StudioState {
  return { ...s, demoId };
}

export function modelOpened(s: StudioState, model: ModelInfo): StudioState {
  const target = typeof s.target === 'number' && s.target >= model.numClasses ? 'top' : s.target;
  return {
    ...s,
    model,
    // null = automatic; a sidecar's defaultLayer is an explicit choice.
    layer: model.defaultLayer ?? null,
    target,
    prediction: null,
    predicting: false,
    result: null,
    loading: null,
  };
}

/** With `pixels`, the image and its display level arrive together: the previous image stays on screen until both are ready. */
export function imageOpened(s: StudioState, image: ImageInfo, pixels?: ImagePixels): StudioState {
  const next = { ...s, image, pixels: null, window: null, prediction: null, predicting: false, result: null, loading: null };
  return pixels ? pixelsLoaded(next, image.id, pixels) : next;
}

export function pixelsLoaded(s: StudioState, imageId: string, pixels: ImagePixels): StudioState {
  if (s.image?.id !== imageId) return s;
  return { ...s, pixels, window: defaultWindow(s.image.dicom, pixels.window) };
}

export function predictionStarted(s: StudioState): StudioState {
  return { ...s, predicting: true };
}

export function predicted(s: StudioState, modelId: string, imageId: string, prediction: Prediction): StudioState {
  if (s.model?.id !== modelId || s.image?.id !== imageId) return s;
  return { ...s, prediction, predicting: false };
}

export function predictionFailed(s: StudioState, modelId: string, imageId: string): StudioState {
  if (s.model?.id !== modelId || s.image?.id !== imageId) return s;
  return { ...s, predicting: false };
}
