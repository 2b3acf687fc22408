// The one table of operations. Every list a host, the preload or a client
// needs is derived from it: the allow-list, the jobs, the opens a restarted
// worker replays, the closes, the host-side (project) operations and each
// operation's validation. `satisfies Record<ApiOp, OpSpec>` makes an operation
// added to StudioApi and missing here (or listed here and not in StudioApi) a
// compile error. Pure data and pure checks: the preload and the renderer bundle it.
import {
  checkExperiment,
  checkFill,
  checkMasks,
  checkPreprocess,
  checkRegions,
  checkTargetRegion,
  either,
  file,
  files,
  int,
  intIn,
  optInt,
  optStrList,
  params,
  snapshot,
  str,
  strList,
  target,
  type Check,
} from './checks';
import { checkMapAndShape, checkPrivacy, checkScStyle, optPrivacy, optUid, shortText } from './dicom-export-checks';
import type { ProjectApi } from './project-types';
import type { ApiOp, StudioApi } from './types';

export interface OpSpec {
  /** Field checks, in order; the first problem is the error. */
  rules: Check[];
  /** Starts a job named by `jobId`: progress goes to its caller, and it is cancelled when the caller goes. */
  job?: true;
  /** Opens a resource: the reply's id is replayed after a worker restart and released when its page goes; the field later calls name it by. */
  opens?: 'modelId' | 'imageId';
  /** Releases the resource this field names. */
  closes?: 'modelId' | 'imageId';
  /** Addresses a live job by `runId` (its job id). */
  run?: true;
  /** Served by the host process (the project store), not the engine worker. */
  host?: true;
  /**
   * A job whose work may be split across idle engine workers (core/share.ts):
   * as its method's `parallel` says, or as the request says (false: not at all).
   */
  splits?: 'by-method' | ((a: Record<string, unknown>) => 'forward' | 'tfjs' | false);
}

export const OPS = {
  info: { rules: [] },
  jobWorkers: { rules: [optInt('count', 1, 64)] },
  methods: { rules: [] },
  catalog: { rules: [] },
  demos: { rules: [] },
  openModel: {
    opens: 'modelId',
    rules: [either(str('path'), files, 'openModel needs "path" or "files"'), (a) => (a.preprocess == null ? null : checkPreprocess(a.preprocess))],
  },
  openImage: { opens: 'imageId', rules: [either(str('path'), file, 'openImage needs "path" or "file"'), optInt('frame', 0, 1_000_000)] },
  // Headers only; the engine bounds the count and the bytes read of each (io/dicom-study-read.ts).
  dicomStudies: {
    rules: [
      either(str('folder'), files, 'dicomStudies needs "folder" or "files"'),
      (a) => (a.files == null || (a.files as unknown[]).length <= 2000 ? null : '"files" may list at most 2000 files'),
    ],
  },
  dicomTags: { rules: [str('imageId')] },
  imagePixels: { rules: [str('imageId'), optInt('maxSide', 16, 65536)] },
  // Static bounds here; the engine checks the region against the image (io/tile.ts).
  imageTile: { rules: [str('imageId'), int('x', 0, 65535), int('y', 0, 65535), int('w', 1, 65536), int('h', 1, 65536), int('maxSide', 16, 4096)] },
  exportDicomSc: {
    rules: [
      str('imageId'),
      checkMapAndShape,
      checkScStyle,
      shortText('method'),
      shortText('target'),
      (a) => (a.layer == null ? null : shortText('layer')(a)),
      (a) => checkPrivacy(a.privacy),
      optUid,
      shortText('seriesKey', true),
      (a) =>
        a.seriesInstanceUID != null && a.seriesKey != null ? '"seriesInstanceUID" and "seriesKey": give one (a series, or the key that derives one)' : null,
      optInt('instanceNumber', 1, 99999),
    ],
  },
  inputPreview: { rules: [str('modelId'), str('imageId'), (a) => (a.preprocess == null ? null : checkPreprocess(a.preprocess))] },
  closeModel: { closes: 'modelId', rules: [str('modelId')] },
  closeImage: { closes: 'imageId', rules: [str('imageId')] },
  predict: { rules: [str('modelId'), str('imageId'), optInt('topK', 1, 1000)] },
  explain: {
    job: true,
    splits: 'by-method',
    rules: [
      str('modelId'),
      str('imageId'),
      str('method'),
      str('jobId'),
      target,
      params,
      (a) => checkRegions(a.regions),
      (a) => checkTargetRegion(a.targetRegion),
    ],
  },
  cancel: { rules: [str('jobId')] },
  classModel: { job: true, rules: [str('jobId'), str('modelId'), intIn('target'), params] },
  classModelUpdate: {
    run: true,
    rules: [str('runId'), (a) => (a.params && typeof a.params === 'object' && !Array.isArray(a.params) ? null : '"params" must be an object')],
  },
  classModelControl: {
    run: true,
    rules: [
      str('runId'),
      (a) => (['pause', 'resume', 'step', 'reset', 'stop'].includes(a.action as string) ? null : '"action" must be pause, resume, step, reset or stop'),
    ],
  },
  localize: {
    job: true,
    rules: [
      str('jobId'),
      str('modelId'),
      str('imageId'),
      target,
      params,
      (a) => (a.segmenter == null || a.segmenter === 'graphcut' || a.segmenter === 'threshold' ? null : '"segmenter" must be graphcut or threshold'),
    ],
  },
  localizeEvaluate: { job: true, rules: [str('jobId'), str('modelId'), str('manifest'), optStrList('files')] },
  evaluate: {
    job: true,
    // Maps, then metrics: mostly forward passes.
    splits: () => 'forward',
    rules: [
      str('jobId'),
      str('modelId'),
      strList('methods'),
      optStrList('metrics'),
      optStrList('imageIds'),
      optStrList('paths'),
      (a) => (a.folder == null || (typeof a.folder === 'string' && a.folder.length > 0) ? null : '"folder" must be a non-empty string'),
      target,
      params,
      (a) => (a.options == null || (typeof a.options === 'object' && !Array.isArray(a.options)) ? null : '"options" must be an object'),
      optInt('imageBatch', 1, 1024),
      (a) => (a.perImage == null || typeof a.perImage === 'boolean' ? null : '"perImage" must be true or false'),
    ],
  },
  tcav: {
    job: true,
    rules: [
      str('jobId'),
      str('modelId'),
      str('concept'),
      str('random'),
      str('images'),
      (a) =>
        Array.isArray(a.classes) && a.classes.length > 0 && a.classes.every((c) => Number.isInteger(c) && (c as number) >= 0)
          ? null
          : '"classes" must be a non-empty list of class indices',
      optInt('randomSets', 2, 500),
      optInt('seed', 0, 2 ** 31 - 1),
    ],
  },
  sanity: {
    job: true,
    // Model randomisation steps split; data randomisation trains one copy.
    splits: (a) => (a.mode !== 'data' ? 'tfjs' : false),
    rules: [
      str('jobId'),
      str('modelId'),
      strList('methods'),
      optStrList('imageIds'),
      target,
      params,
      (a) => (['cascading', 'independent', 'data'].includes(a.mode as string) ? null : '"mode" must be cascading, independent or data'),
      optInt('seed', 0, 2 ** 31 - 1),
      optInt('epochs', 1, 1000),
      optInt('trainLimit', 2, 1e6),
      optInt('batchSize', 1, 4096),
    ],
  },
  bim: {
    job: true,
    rules: [
      str('jobId'),
      optStrList('methods'),
      (a) => (a.variant == null || a.variant === 'objects' || a.variant === 'chest-marker' ? null : '"variant" must be objects or chest-marker'),
      optInt('n', 1, 500),
      (a) => (a.params == null || (typeof a.params === 'object' && !Array.isArray(a.params)) ? null : '"params" must be an object of per-method parameters'),
      (a) => (a.t == null || (typeof a.t === 'number' && a.t > 0 && a.t < 1) ? null : '"t" must be a number in (0, 1)'),
      // Below n and each once: the engine checks (bim/aggregate.ts checkIndices), as n's default is the variant's.
      (a) =>
        a.indices == null || (Array.isArray(a.indices) && a.indices.every((k) => Number.isInteger(k) && k >= 0))
          ? null
          : '"indices" must be a list of sample indices',
      (a) => (a.wholeRun == null || typeof a.wholeRun === 'boolean' ? null : '"wholeRun" must be true or false'),
    ],
  },
  trustCard: {
    job: true,
    rules: [
      str('jobId'),
      str('modelId'),
      str('imageId'),
      str('method'),
      target,
      params,
      optInt('samples', 1, 100),
      optInt('seed', 0, 2 ** 31 - 1),
      (a) => (a.radius == null || (typeof a.radius === 'number' && a.radius > 0 && a.radius <= 1) ? null : '"radius" must be a number in (0, 1]'),
    ],
  },
  scoreMasked: {
    rules: [
      str('modelId'),
      str('imageId'),
      (a) => checkMasks(a.masks),
      (a) => checkFill(a.fill),
      target,
      optInt('topK', 1, 1000),
      optInt('seed', 0, 2 ** 31 - 1),
    ],
  },
  segments: {
    rules: [
      str('imageId'),
      (a) => (a.scale == null || (typeof a.scale === 'number' && a.scale > 0 && a.scale <= 1e5) ? null : '"scale" must be a number in (0, 100000]'),
      optInt('minSize', 1, 1e6),
    ],
  },
  experimentLog: { host: true, rules: [] },
  addExperiment: { host: true, rules: [(a) => checkExperiment(a.row)] },
  deleteExperiments: {
    host: true,
    rules: [(a) => (a.ids == null || (Array.isArray(a.ids) && a.ids.every((i) => typeof i === 'string')) ? null : '"ids" must be a list of row ids')],
  },
  // Projects: the store decodes the snapshot strictly and checks the path against what the user chose.
  saveProject: { host: true, rules: [snapshot, either(str('path'), str('name'), 'saveProject needs "path" or "name"'), optPrivacy] },
  openProject: {
    host: true,
    rules: [(a) => (str('path')(a) === null || str('name')(a) === null || file(a) === null ? null : 'openProject needs "path", "name" or "file"')],
  },
  recentProjects: { host: true, rules: [] },
  autosave: { host: true, rules: [snapshot, optPrivacy] },
  autosaveStatus: { host: true, rules: [] },
  restoreAutosave: { host: true, rules: [] },
  dismissAutosave: { host: true, rules: [] },
} as const satisfies Record<ApiOp, OpSpec>;

const spec = (op: ApiOp): OpSpec => OPS[op];

export const API_OPS = Object.keys(OPS) as ApiOp[];
export const JOB_OPS = API_OPS.filter((op) => spec(op).job);
export const RUN_OPS = API_OPS.filter((op) => spec(op).run);
/** The operations flagged `host`, as a type (the project store implements exactly these). */
export type HostOp = { [K in ApiOp]: (typeof OPS)[K] extends { host: true } ? K : never }[ApiOp];
export const HOST_OPS = API_OPS.filter((op): op is HostOp => spec(op).host === true);
/** What the host process keeps on disk for the user: projects and the experiment log (project/ops.ts serves them). */
export type HostApi = ProjectApi & Pick<StudioApi, 'experimentLog' | 'addExperiment' | 'deleteExperiments'>;
// The host's stores serve exactly the `host` operations: a flag set or dropped on one side only fails here.
const hostOpsAreHostApi: [HostOp] extends [keyof HostApi] ? ([keyof HostApi] extends [HostOp] ? true : never) : never = true;
void hostOpsAreHostApi;
/** The operations the engine serves (all but the host's). */
export type EngineOp = Exclude<ApiOp, HostOp>;
export const ENGINE_OPS = API_OPS.filter((op): op is EngineOp => !spec(op).host);
export const isEngineOp = (op: unknown): op is EngineOp => isApiOp(op) && !spec(op).host;

/** Own keys only: "constructor" or "__proto__" are not operations. */
export function isApiOp(op: unknown): op is ApiOp {
  return typeof op === 'string' && Object.hasOwn(OPS, op);
}

export const opSpec = spec;
