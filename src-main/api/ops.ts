// The operations any host may forward to the engine: an allow-list, so a
// crafted message can never reach other methods of the engine object.
import type { ApiOp } from './types';

/** Served by the host process (project/store.ts via engine/client.ts), never by the engine worker. */
export const PROJECT_OPS = ['saveProject', 'openProject', 'recentProjects', 'autosave', 'autosaveStatus', 'restoreAutosave', 'discardAutosave', 'markCleanExit'] as const satisfies readonly ApiOp[];

export const API_OPS: readonly ApiOp[] = ['info', 'methods', 'demos', 'openModel', 'openImage', 'imagePixels', 'closeModel', 'closeImage', 'predict', 'explain', 'cancel', 'classModel', 'classModelUpdate', 'classModelControl', 'localize', 'localizeEvaluate', 'evaluate', 'sanity', 'tcav', 'bim', 'scoreMasked', 'segments', 'experimentLog', 'addExperiment', 'deleteExperiments', ...PROJECT_OPS];

export function isApiOp(op: unknown): op is ApiOp {
  return typeof op === 'string' && (API_OPS as readonly string[]).includes(op);
}
