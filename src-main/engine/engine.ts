// The engine proper: holds opened models and images and runs jobs. It runs
// inside the worker for the Electron and web hosts, and in-process for the CLI
// and the tests. Every job disposes what it creates; `explain` asserts it.

import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { classScore, predictTop } from './predict';
import { probabilities } from '../model/head';
import type {
  JobWorkersInfo,
  ClassScore,
  EngineInfo,
  ExplainRequest,
  ExplainResult,
  JobProgress,
  MethodDescriptor,
  ModelInfo,
  Prediction,
  DemoEntry,
  ClassModelRequest,
  ClassModelResult,
  StudioApi,
  ScoreMaskedRequest,
  ScoreMaskedResult,
} from '../api/types';
import { StudioError } from '../api/errors';
import type { EngineOp } from '../api/spec';
import { JobTable } from './job-table';
import { defaultJobWorkers } from './pool';
import { OpenItems } from './open-items';
import { backendInfo, initBackend } from './backend';
import { CancelToken, withJobTensors, yieldToLoop } from '../core/jobs';
import { listDemos } from '../core/resources';
import { describeMethods, getMethod, resolveParams } from '../explainers/registry';
import { checkLayer, runMethod, withTargetRegion } from '../explainers/run';
import type { Catalog } from '../api/catalog-types';
import { describeCatalog } from './catalog';

import { ClassModelRuns } from '../visualize/runs';
import { evaluateManifest, localizeImage, type LocalizeDeps } from '../localize/run';
import { regionsForInput } from '../masking/regions';
import { targetRegionAtInput } from '../masking/target-region';
import { scoreMasked, UnmaskedLogits } from '../masking/score-masked';
import { segmentImage } from '../masking/segments';
import { checkFill, checkMasks } from '../api/masking-checks';
import type { EvaluateRequest, EvaluateResult, SanityRequest, SanityResult, TcavApiResult, TcavRequest } from '../api/evaluate-types';
import { type EvaluationDeps, evaluateJob, sanityJob, tcavJob } from '../evaluation/jobs';
import type { BimRequest, BimResult } from '../api/bim-types';
import { runBim } from '../bim/run';
import { readStudies } from '../io/dicom-study-read';
import { exportDicomSc } from './dicom-export';
import { trustCardJob } from '../evaluation/trust-card-job';

/** A full V8 collection without --expose-gc on the command line (the flag can be set at run time). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The engine's operations: every one but the host's (projects), which the hosts serve from their own process. */
export type EngineApi = Pick<StudioApi, EngineOp>;

export class LocalEngine implements EngineApi {
  /** The open models and images (open-items.ts). */
  readonly items = new OpenItems();
  private jobs = new JobTable();
  private listeners = new Set<(p: JobProgress) => void>();

  async info(): Promise<EngineInfo> {
    // Memory readings for soak tests: with SALIENCY_GC_ON_INFO=1 a full GC runs
    // first, so the resident set is compared without garbage not yet collected.
    const backend = backendInfo(await initBackend());
    if (process.env.SALIENCY_GC_ON_INFO === '1') collectGarbage();
    const { numTensors, numBytes } = tf.memory();
    return { ...backend, memory: { tensors: numTensors, bytes: numBytes, rss: process.memoryUsage.rss() } };
  }

  /** One process, one engine: the pool (pool.ts) answers this where there are workers to count. */
  async jobWorkers(req: { count?: number }): Promise<JobWorkersInfo> {
    if (req?.count != null) throw new StudioError('unsupported', 'this engine runs in one process; start it with --workers N for more');
    return { workers: 1, default: defaultJobWorkers(undefined, {}), resizable: false };
  }

  async methods(): Promise<MethodDescriptor[]> {
    return describeMethods();
  }

  async catalog(): Promise<Catalog> {
    return describeCatalog();
  }

  async demos(): Promise<DemoEntry[]> {
    return listDemos();
  }

  async openModel(req: Parameters<StudioApi['openModel']>[0]): Promise<ModelInfo> {
    await initBackend();
    return this.items.openModel(req);
  }

  openImage: StudioApi['openImage'] = (req) => this.items.openImage(req);
  closeImage: StudioApi['closeImage'] = async (req) => ({ closed: this.items.closeImage(req.imageId) });
  imagePixels: StudioApi['imagePixels'] = (req) => this.items.pixels(req.imageId, req.maxSide);
  imageTile: StudioApi['imageTile'] = async ({ imageId, ...region }) => this.items.tile(imageId, region);
  dicomStudies: StudioApi['dicomStudies'] = (req) => readStudies(req);
  dicomTags: StudioApi['dicomTags'] = async (req) => this.items.tags(req.imageId);
  exportDicomSc: StudioApi['exportDicomSc'] = (req) => exportDicomSc(this.items.image(req.imageId), req);

  inputPreview: StudioApi['inputPreview'] = async (req) => this.items.preview(req.modelId, req.imageId, req.preprocess);

  async closeModel(req: { modelId: string }): Promise<{ closed: boolean }> {
    const m = this.items.removeModel(req.modelId);
    if (!m) return { closed: false };
    this.maskedBefore.forget(`${req.modelId} `);
    // A job still running on it holds the classifier; dispose once none does.
    void this.jobs.whenIdle().then(() => m.classifier.dispose());
    return { closed: true };
  }

  private score(info: ModelInfo, logits: Float32Array, probs: Float32Array, index: number): ClassScore {
    return classScore(info, logits, probs, index);
  }

  async predict(req: { modelId: string; imageId: string; topK?: number }): Promise<Prediction> {
    return withJobTensors(() => predictTop(this.items, req));
  }

  private job<T>(jobId: string, what: string, run: (token: CancelToken) => Promise<T>): Promise<T> {
    return this.jobs.run(jobId, what, run);
  }

  async explain(req: ExplainRequest & { jobId: string }): Promise<ExplainResult> {
    const method = getMethod(req.method);
    const params = resolveParams(method, req.params);
    const { info } = this.items.model(req.modelId);
    this.items.image(req.imageId);
    checkLayer(info.layers, req.layer, info.name);
    if (req.targetRegion != null && !info.segmentation)
      throw new StudioError('unsupported-model', `a target region needs a segmentation model (an N×C×H×W output); ${info.name} is a classifier`);
    return this.job(req.jobId, req.method, (token) => this.explainOwned(req, method, params, token));
  }

  private async explainOwned(
    req: ExplainRequest & { jobId: string },
    method: ReturnType<typeof getMethod>,
    params: ReturnType<typeof resolveParams>,
    token: CancelToken,
  ): Promise<ExplainResult> {
    const t0 = performance.now();
    const { info, classifier } = this.items.model(req.modelId);
    const img = this.items.image(req.imageId).info;
    const regions = req.regions ? regionsForInput(req.regions, img, classifier.inputHeight, classifier.inputWidth, info.preprocess.resize) : undefined;
    const targetRegion = targetRegionAtInput(req.targetRegion, img, classifier.inputHeight, classifier.inputWidth, info.preprocess.resize);
    const input = this.items.input(req.modelId, req.imageId);
    try {
      // The reported score and the "top" class are those of the target region's score.
      const pred = withTargetRegion(classifier, targetRegion, (m) =>
        tf.tidy(() => {
          const l = m.logits(input).squeeze([0]);
          return [l, probabilities(m.head, l)] as const;
        }),
      );
      const [l, p] = [(await pred[0].data()) as Float32Array, (await pred[1].data()) as Float32Array];
      tf.dispose([...pred]);
      const target = req.target == null || req.target === 'top' ? p.indexOf(Math.max(...p)) : req.target;
      if (!Number.isInteger(target) || target < 0 || target >= info.numClasses) {
        throw new StudioError(
          'bad-target',
          `target ${String(req.target)} is out of range: ${info.name} has ${info.numClasses} classes (0–${info.numClasses - 1})`,
        );
      }
      await yieldToLoop();
      // One method at a time (the lane); a cancel while queued drops it from the queue.
      const out = await runMethod({
        method,
        model: classifier,
        input,
        target,
        params,
        layer: req.layer ?? info.defaultLayer,
        preprocess: info.preprocess,
        signal: token,
        regions,
        targetRegion,
        progress: (done, total, message) => this.emit({ jobId: req.jobId, done, total, message }),
      });
      token.check();
      let min = Infinity;
      let max = -Infinity;
      for (const v of out.map) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return {
        jobId: req.jobId,
        method: method.id,
        target: this.score(info, l, p, target),
        map: out.map,
        shape: out.shape,
        min,
        max,
        ms: performance.now() - t0,
        extras: out.extras,
        ...(out.grid ? { grid: out.grid } : {}),
      };
    } finally {
      input.dispose();
      if (targetRegion instanceof tf.Tensor) targetRegion.dispose();
    }
  }

  async cancel(req: { jobId: string }): Promise<{ cancelled: boolean }> {
    const cancelled = this.jobs.cancel(req.jobId);
    this.classRuns.wake(req.jobId);
    return { cancelled };
  }

  // Class-model visualisation (visualize/) and weakly supervised localisation (localize/).
  private classRuns = new ClassModelRuns();

  async classModel(req: ClassModelRequest): Promise<ClassModelResult> {
    const { info, classifier } = this.items.model(req.modelId);
    const imageId = req.imageId;
    if (imageId) this.items.image(imageId);
    return this.job(req.jobId, 'classModel', (token) => {
      const startImage = imageId ? () => this.items.input(req.modelId, imageId) : null;
      return this.classRuns.run(req, { info, classifier, startImage, signal: token, emit: (p) => this.emit(p) });
    });
  }

  async classModelUpdate(req: Parameters<StudioApi['classModelUpdate']>[0]): ReturnType<StudioApi['classModelUpdate']> {
    return this.classRuns.update(req);
  }

  async classModelControl(req: Parameters<StudioApi['classModelControl']>[0]): ReturnType<StudioApi['classModelControl']> {
    return this.classRuns.control(req);
  }

  private localizeDeps(): LocalizeDeps {
    return {
      model: (id) => this.items.model(id).info,
      imagePath: (id) => this.items.image(id).info.path,
      input: (m, i) => this.items.input(m, i),
      explain: (r) => this.explain(r),
      openImage: (r) => this.openImage(r),
      forgetImage: (id) => void this.items.closeImage(id),
    };
  }

  async localize(req: Parameters<StudioApi['localize']>[0]): ReturnType<StudioApi['localize']> {
    // Its explain registers the job id.
    return withJobTensors(() => localizeImage(this.localizeDeps(), req));
  }

  async localizeEvaluate(req: Parameters<StudioApi['localizeEvaluate']>[0]): ReturnType<StudioApi['localizeEvaluate']> {
    return this.job(req.jobId, 'localizeEvaluate', (token) =>
      evaluateManifest(this.localizeDeps(), req, token, (done, total, message) => this.emit({ jobId: req.jobId, done, total, message })),
    );
  }

  // Evaluation (evaluation/): metrics over images, sanity checks; jobs with progress and cancel.
  private evaluationDeps(): EvaluationDeps {
    return {
      model: (id) => this.items.model(id),
      image: (id) => this.items.image(id),
      input: (m, i) => this.items.input(m, i),
      backend: async () => backendInfo(await initBackend()).backend,
    };
  }

  /** Its progress may name the stage and the whole units done (JobProgress.phase, .step): passed on as given. */
  private async evaluationJob<T>(
    jobId: string,
    run: (ctx: {
      signal: CancelToken;
      progress: (done: number, total: number, message?: string, detail?: Pick<JobProgress, 'phase' | 'step'>) => void;
    }) => Promise<T>,
  ): Promise<T> {
    return this.job(jobId, 'evaluation', (token) =>
      run({ signal: token, progress: (done, total, message, detail) => this.emit({ jobId, done, total, message, ...detail }) }),
    );
  }

  async evaluate(req: EvaluateRequest): Promise<EvaluateResult> {
    return this.evaluationJob(req.jobId, (ctx) => evaluateJob(this.evaluationDeps(), req, ctx));
  }

  async sanity(req: SanityRequest): Promise<SanityResult> {
    return this.evaluationJob(req.jobId, (ctx) => sanityJob(this.evaluationDeps(), req, ctx));
  }

  async tcav(req: TcavRequest): Promise<TcavApiResult> {
    return this.evaluationJob(req.jobId, (ctx) => tcavJob(this.evaluationDeps(), req, ctx));
  }

  trustCard: StudioApi['trustCard'] = async (req) => {
    getMethod(req.method);
    this.items.image(req.imageId);
    return this.evaluationJob(req.jobId, (ctx) => trustCardJob(this.evaluationDeps(), req, ctx));
  };

  /** The BIM benchmark (bim/): loads its own committed models, so it needs no open model. */
  async bim(req: BimRequest): Promise<BimResult> {
    await initBackend();
    return this.evaluationJob(req.jobId, (ctx) => runBim(req, ctx));
  }

  // The masking lab (masking/): live occlusion and superpixels to click (its experiment log is the host's: project/ops.ts).
  /** Unmasked logits per model and image (a few pairs): each live edit then costs one forward pass, not two. */
  private maskedBefore = new UnmaskedLogits();

  async scoreMasked(req: ScoreMaskedRequest): Promise<ScoreMaskedResult> {
    return withJobTensors(() => this.scoreMaskedOwned(req));
  }

  private async scoreMaskedOwned(req: ScoreMaskedRequest): Promise<ScoreMaskedResult> {
    const problem = checkMasks(req.masks) ?? checkFill(req.fill);
    if (problem) throw new StudioError('bad-request', `scoreMasked: ${problem}`);
    const { info, classifier } = this.items.model(req.modelId);
    const image = this.items.image(req.imageId).info;
    const before = tf.memory().numTensors;
    const input = this.items.input(req.modelId, req.imageId);
    try {
      const before = this.maskedBefore.slot(`${req.modelId} ${req.imageId}`);
      return await scoreMasked({ info, classifier, image, input, signal: new CancelToken(), before }, req);
    } finally {
      input.dispose();
      const leaked = tf.memory().numTensors - before;
      if (leaked > 0 && this.jobs.size === 0) console.warn(`engine: scoreMasked left ${leaked} tensors`);
    }
  }

  segments: StudioApi['segments'] = async (req) => segmentImage(this.items.image(req.imageId).decoded, req);

  onProgress(cb: (p: JobProgress) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private emit(p: JobProgress): void {
    for (const cb of this.listeners) cb(p);
  }

  async close(): Promise<void> {
    this.items.clear();
  }
}
