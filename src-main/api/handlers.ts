// Request validation shared by every host: reject malformed requests with a
// clear message before they reach the engine. Validates, never computes.
import { StudioError } from './errors';
import { checkExperiment, checkFill, checkMasks, checkRegions } from '../masking/validate';
import { checkPreprocess } from '../model/preprocess-spec';
import { isApiOp } from './ops';
import type { ApiOp } from './types';

type Check = (arg: Record<string, unknown>) => string | null;

const str = (k: string): Check => (a) => (typeof a[k] === 'string' && (a[k] as string).length > 0 ? null : `"${k}" must be a non-empty string`);
const either = (a: Check, b: Check, what: string): Check => (x) => (a(x) === null || b(x) === null ? null : what);
const files: Check = (a) => (Array.isArray(a.files) && a.files.every((f) => f && typeof f.name === 'string' && f.bytes instanceof Uint8Array) ? null : '"files" must be a list of {name, bytes}');
const file: Check = (a) => (a.file && typeof (a.file as { name?: unknown }).name === 'string' && (a.file as { bytes?: unknown }).bytes instanceof Uint8Array ? null : '"file" must be {name, bytes}');
const target: Check = (a) => (a.target == null || a.target === 'top' || (typeof a.target === 'number' && Number.isInteger(a.target)) ? null : '"target" must be "top" or a class index');
const intIn = (k: string): Check => (a) => (Number.isInteger(a[k]) && (a[k] as number) >= 0 ? null : `"${k}" must be a class index`);
const optInt = (k: string, lo: number, hi: number): Check => (a) => (a[k] == null || (Number.isInteger(a[k]) && (a[k] as number) >= lo && (a[k] as number) <= hi) ? null : `"${k}" must be an integer in ${lo}…${hi}`);
const strList = (k: string): Check => (a) => (Array.isArray(a[k]) && (a[k] as unknown[]).length > 0 && (a[k] as unknown[]).every((x) => typeof x === 'string' && x.length > 0) ? null : `"${k}" must be a non-empty list of strings`);
const optStrList = (k: string): Check => (a) => (a[k] == null || (Array.isArray(a[k]) && (a[k] as unknown[]).every((x) => typeof x === 'string' && x.length > 0)) ? null : `"${k}" must be a list of strings`);
const snapshot: Check = (a) => (a.project && typeof a.project === 'object' && !Array.isArray(a.project) ? null : '"project" must be a project snapshot');
const params: Check = (a) => (a.params == null || (typeof a.params === 'object' && !Array.isArray(a.params)) ? null : '"params" must be an object');

const RULES: Record<ApiOp, Check[]> = {
  info: [],
  methods: [],
  demos: [],
  openModel: [either(str('path'), files, 'openModel needs "path" or "files"'), (a) => (a.preprocess == null ? null : checkPreprocess(a.preprocess))],
  openImage: [either(str('path'), file, 'openImage needs "path" or "file"')],
  imagePixels: [str('imageId')],
  closeModel: [str('modelId')],
  closeImage: [str('imageId')],
  predict: [str('modelId'), str('imageId'), optInt('topK', 1, 1000)],
  explain: [str('modelId'), str('imageId'), str('method'), str('jobId'), target, params, (a) => checkRegions(a.regions)],
  cancel: [str('jobId')],
  classModel: [str('jobId'), str('modelId'), intIn('target'), params],
  classModelUpdate: [str('runId'), (a) => (a.params && typeof a.params === 'object' && !Array.isArray(a.params) ? null : '"params" must be an object')],
  classModelControl: [str('runId'), (a) => (['pause', 'resume', 'step', 'reset', 'stop'].includes(a.action as string) ? null : '"action" must be pause, resume, step, reset or stop')],
  localize: [str('jobId'), str('modelId'), str('imageId'), target, params, (a) => (a.segmenter == null || a.segmenter === 'graphcut' || a.segmenter === 'threshold' ? null : '"segmenter" must be graphcut or threshold')],
  localizeEvaluate: [str('jobId'), str('modelId'), str('manifest')],
  evaluate: [str('jobId'), str('modelId'), strList('methods'), optStrList('metrics'), optStrList('imageIds'), optStrList('paths'), target, params, (a) => (a.options == null || (typeof a.options === 'object' && !Array.isArray(a.options)) ? null : '"options" must be an object')],
  tcav: [str('jobId'), str('modelId'), str('concept'), str('random'), str('images'), (a) => (Array.isArray(a.classes) && a.classes.length > 0 && a.classes.every((c) => Number.isInteger(c) && (c as number) >= 0) ? null : '"classes" must be a non-empty list of class indices'), optInt('randomSets', 2, 500), optInt('seed', 0, 2 ** 31 - 1)],
  sanity: [str('jobId'), str('modelId'), strList('methods'), optStrList('imageIds'), target, params, (a) => (['cascading', 'independent', 'data'].includes(a.mode as string) ? null : '"mode" must be cascading, independent or data'), optInt('seed', 0, 2 ** 31 - 1), optInt('epochs', 1, 1000), optInt('trainLimit', 2, 1e6), optInt('batchSize', 1, 4096)],
  bim: [str('jobId'), optStrList('methods'), (a) => (a.variant == null || a.variant === 'objects' || a.variant === 'chest-marker' ? null : '"variant" must be objects or chest-marker'), optInt('n', 1, 500), (a) => (a.params == null || (typeof a.params === 'object' && !Array.isArray(a.params)) ? null : '"params" must be an object of per-method parameters'), (a) => (a.t == null || (typeof a.t === 'number' && a.t > 0 && a.t < 1) ? null : '"t" must be a number in (0, 1)')],
  scoreMasked: [str('modelId'), str('imageId'), (a) => checkMasks(a.masks), (a) => checkFill(a.fill), target, optInt('topK', 1, 1000), optInt('seed', 0, 2 ** 31 - 1)],
  segments: [str('imageId'), (a) => (a.scale == null || (typeof a.scale === 'number' && a.scale > 0 && a.scale <= 1e5) ? null : '"scale" must be a number in (0, 100000]'), optInt('minSize', 1, 1e6)],
  experimentLog: [],
  addExperiment: [(a) => checkExperiment(a.row)],
  deleteExperiments: [(a) => (a.ids == null || (Array.isArray(a.ids) && a.ids.every((i) => typeof i === 'string')) ? null : '"ids" must be a list of row ids')],
  // Projects: the store decodes the snapshot strictly and checks the path against what the user chose.
  saveProject: [snapshot, either(str('path'), str('name'), 'saveProject needs "path" or "name"')],
  openProject: [(a) => (str('path')(a) === null || str('name')(a) === null || file(a) === null ? null : 'openProject needs "path", "name" or "file"')],
  recentProjects: [],
  autosave: [snapshot],
  autosaveStatus: [],
  restoreAutosave: [],
  discardAutosave: [],
  markCleanExit: [],
};

export function validateRequest(op: unknown, arg: unknown): asserts op is ApiOp {
  if (!isApiOp(op)) throw new StudioError('unknown-op', `unknown operation "${String(op)}"`);
  const rules = RULES[op];
  if (rules.length === 0) return;
  if (!arg || typeof arg !== 'object') throw new StudioError('bad-request', `${op}: the request must be an object`);
  for (const rule of rules) {
    const problem = rule(arg as Record<string, unknown>);
    if (problem) throw new StudioError('bad-request', `${op}: ${problem}`);
  }
}
