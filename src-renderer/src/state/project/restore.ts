// Reopening a project: every model and image through the host (by path, or
// from the embedded upload), their pixels read, then ONE action puts the
// snapshot into the store under the new ids; the masking lab's mask and log
// and the grid's zoom/pan follow. Nothing is recomputed.
import type { ProjectMask, ProjectSnapshot } from '../../../../src-main/api/project-types';
import type { ExperimentRow, ImagePixels, StudioApi } from '../../../../src-main/api/types';
import type { SharedView } from '../../compare/viewSync';
import { isErrorCode, StudioError } from '../../../../src-main/api/errors';
import { errorCode, errorMessage } from '../../host/Host';
import { IDLE, MASK_TOOLS, type MaskToolName } from '../../tools/maskTool';
import type { MaskLabState } from '../maskLab';
import type { StudioStore } from '../types';
import { checkRenderable, projectRestored, type Reopened } from './restoreActions';

export interface RestoreTargets {
  api: StudioApi;
  store: StudioStore;
  /** The masking lab (absent in tests of the main store alone). */
  lab?: { apply(f: (s: MaskLabState) => MaskLabState): void } | null;
  view?: { setView(v: SharedView): void } | null;
}

/** The lab with the project's mask on the (reopened) image and the project's log. */
export function maskLabRestored(s: MaskLabState, mask: ProjectMask | null, imageId: string | null, log: ExperimentRow[]): MaskLabState {
  const next: MaskLabState = { ...s, log, version: s.version + 1, live: null, liveError: null, preview: null, gesture: IDLE };
  if (!mask || !imageId || s.imageId !== imageId) return next;
  const tool = (MASK_TOOLS as readonly string[]).includes(mask.tool) ? (mask.tool as MaskToolName) : s.tool;
  return {
    ...next,
    history: { width: mask.width, height: mask.height, data: mask.data, past: [], future: [] },
    fill: mask.fill,
    brush: mask.brush,
    tool,
    useRegions: mask.useRegions,
    autoLog: mask.autoLog,
  };
}

/** Names what could not be reopened and keeps the host's code (not-found, not-a-model, …) for the UI. */
const reopenError = (what: string, e: unknown): StudioError => {
  const code = errorCode(e);
  return new StudioError(isErrorCode(code) ? code : 'internal', `cannot reopen ${what}: ${errorMessage(e)}`);
};

export async function reopenSources(api: StudioApi, p: ProjectSnapshot): Promise<Reopened> {
  const models = [];
  for (const m of p.models) {
    try {
      models.push(await api.openModel(m.path ? { path: m.path, preprocess: m.preprocess } : { files: m.files, preprocess: m.preprocess }));
    } catch (e) {
      throw reopenError(`the model ${m.name}${m.path ? ` (${m.path})` : ''}`, e);
    }
  }
  const images = [];
  for (const im of p.images) {
    try {
      images.push(await api.openImage(im.path ? { path: im.path } : { file: im.file }));
    } catch (e) {
      throw reopenError(`the image ${im.name}${im.path ? ` (${im.path})` : ''}`, e);
    }
  }
  const pixels = await Promise.all(images.map((im) => api.imagePixels({ imageId: im.id }).catch((): ImagePixels | null => null)));
  return { models, images, pixels };
}

/** Reopens and restores; on failure the state is left as it was and the error names what could not be reopened. */
export async function restoreProject(t: RestoreTargets, p: ProjectSnapshot): Promise<Reopened> {
  checkRenderable(p);
  const reopened = await reopenSources(t.api, p);
  t.store.set(projectRestored, p, reopened);
  const imageId = p.mask ? reopened.images[p.mask.image].id : null;
  t.lab?.apply((s) => maskLabRestored(s, p.mask, imageId, p.experiments));
  if (p.compare) t.view?.setView(p.compare.view);
  return reopened;
}
