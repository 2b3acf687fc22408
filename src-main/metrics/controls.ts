// The controls now live in the method registry (explainers/controls/, family
// 'control'); these names stay for callers not yet moved (the CLI, sanity/).
import { getMethod } from '../explainers/registry';

export { CONTROLS, DEFAULT_CONTROL_IDS } from '../explainers/registry';
export { randomMap } from '../explainers/controls/random-map';
export { sobelEdges, sobelMagnitude } from '../explainers/controls/sobel';

/** @deprecated Controls are registry methods: use getMethod. */
export const getEvalMethod = getMethod;
