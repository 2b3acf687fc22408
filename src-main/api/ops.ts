// The operations any host may forward to the engine: an allow-list, so a
// crafted message can never reach other methods of the engine object.
import type { ApiOp } from './types';

export const API_OPS: readonly ApiOp[] = ['info', 'methods', 'demos', 'openModel', 'openImage', 'imagePixels', 'predict', 'explain', 'cancel', 'classModel', 'classModelUpdate', 'classModelControl', 'localize', 'localizeEvaluate', 'scoreMasked', 'segments', 'experimentLog', 'addExperiment', 'deleteExperiments'];

export function isApiOp(op: unknown): op is ApiOp {
  return typeof op === 'string' && (API_OPS as readonly string[]).includes(op);
}
