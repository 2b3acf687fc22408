// The Model panel's preprocessing preset. The engine has no operation that
// changes an open model's preprocessing: the preprocessing is set when a model
// opens (openModel's `preprocess`, api/spec.ts). So a new choice reopens the
// model from how it was opened — its path or its uploaded bytes, as
// project/sources.ts recorded them — with the preset as the request's
// preprocess; a project saved afterwards records it the same way. The model
// comes back under a new id, which resets its prediction and result. The
// Preprocessing section's edited spec (apply) goes the same way.
import type { PreprocessPreset, PreprocessSpec } from '../../../src-main/api/types';
import { display } from './actions';
import type { Controller } from './controller';
import type { Sources } from './project/sources';
import type { StudioStore } from './types';

export interface PresetController {
  /** Reopens the model shown with `preset`; false when it already has it, or it cannot be reopened. */
  choose(preset: PreprocessPreset): Promise<boolean>;
  /** Reopens the model shown with an edited spec (the Model panel's Preprocessing section), which replaces the one it was opened with. */
  apply(spec: Partial<PreprocessSpec>): Promise<boolean>;
  /** How the model shown was opened: from a path (its folder can hold a sidecar), from uploads, or not known. */
  openedFrom(modelId: string): 'path' | 'upload' | null;
}

export function createPresetController(controller: Pick<Controller, 'openModel'>, store: StudioStore, sources: Sources): PresetController {
  return {
    async choose(preset) {
      const model = store.get().model;
      if (!model || model.preprocess.preset === preset) return false;
      const source = sources.model(model.id);
      if (!source) {
        store.set(display.failed, `Cannot change the preset of ${model.name}: how it was opened is not known`);
        return false;
      }
      // Only the preset: a resize the sidecar gives stays, else the preset's own applies (torchvision: centre crop).
      const from = source.path ? { path: source.path } : { files: source.files ?? [] };
      return controller.openModel({ ...from, preprocess: { ...source.preprocess, preset } });
    },
    async apply(spec) {
      const model = store.get().model;
      const source = model && sources.model(model.id);
      if (!model || !source) {
        if (model) store.set(display.failed, `Cannot change the preprocessing of ${model.name}: how it was opened is not known`);
        return false;
      }
      const from = source.path ? { path: source.path } : { files: source.files ?? [] };
      return controller.openModel({ ...from, preprocess: spec });
    },
    openedFrom(modelId) {
      const source = sources.model(modelId);
      return !source ? null : source.path ? 'path' : 'upload';
    },
  };
}
