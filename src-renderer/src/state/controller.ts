// The only place that calls the host: each user intent becomes host calls
// plus named actions. Components call these; they never call the host.
import type { Catalog, DemoEntry, TargetRegion } from '../../../src-main/api/types';
import { errorMessage, type Host, type OpenImageRequest, type OpenModelRequest } from '../host';
import { routeFiles } from '../host/files';
import { display, explain as ex, session } from './actions';
import { pageLevelSide } from '../render/displayLevel';
import { requestLayer } from './layers';
import { isCancelled, nextJobId, runJob, type Job } from './runJob';
import type { StudioState, StudioStore } from './types';

/** A segmentation model's target region as the request carries it (the painted mask as 0/1 bytes); null: "painted" with nothing painted. */
function targetRegionOf(s: StudioState): { targetRegion?: TargetRegion } | null {
  const choice = s.model?.segmentation ? s.targetRegion : null;
  if (choice === null) return {};
  if (choice !== 'painted') return { targetRegion: choice };
  if (!s.painted) return null;
  const { width, height, mask } = s.painted;
  return { targetRegion: { width, height, mask: Uint8Array.from(mask, (v) => (v ? 1 : 0)) } };
}

/** The file an open request names, for the loading state. */
const requestName = (req: OpenImageRequest): string | null => req.file?.name ?? req.path?.split(/[\\/]/).pop() ?? null;

/** The engine's catalog arrived: what the pickers, checks and defaults are built from. */
const catalogRead = (s: StudioState, catalog: Catalog): StudioState => ({ ...s, catalog });

export interface Controller {
  init(): Promise<void>;
  openModel(req: OpenModelRequest): Promise<boolean>;
  openImage(req: OpenImageRequest): Promise<boolean>;
  openDemo(demo: DemoEntry): Promise<void>;
  pickModel(): Promise<void>;
  pickImage(): Promise<void>;
  /** Files from the model input (files or a folder): routed by content like a drop, so an image among them opens too. */
  openModelFiles(files: File[]): Promise<void>;
  openImageFile(file: File): Promise<void>;
  /** Dropped files, in any order: the model's files (found by content) open as the model, the first image as the image. */
  openDropped(files: File[]): Promise<void>;
  explain(): Promise<void>;
  cancel(): Promise<void>;
}

export function createController(host: Host, store: StudioStore, newJobId: () => string = nextJobId): Controller {
  const { set: dispatch, get: getState } = store;
  /** The explain job on the way (the state's `job` is its plain-data picture). */
  let running: Job<unknown> | null = null;

  const fail = (what: string, err: unknown) => dispatch(display.failed, `${what}: ${errorMessage(err)}`);

  async function predict(): Promise<void> {
    const { model, image } = getState();
    if (!model || !image) return;
    dispatch(session.predictionStarted);
    try {
      const p = await host.api.predict({ modelId: model.id, imageId: image.id, topK: 5 });
      dispatch(session.predicted, model.id, image.id, p);
    } catch (err) {
      dispatch(session.predictionFailed, model.id, image.id);
      fail('Prediction failed', err);
    }
  }

  async function cancelStale(): Promise<void> {
    if (getState().job) await c.cancel();
  }

  /** `demoId`: the demo this model came from; any other model leaves the demo picker. */
  async function openModel(req: OpenModelRequest, autoPredict = true, demoId: string | null = null): Promise<boolean> {
    const since = getState().nextErrorId;
    dispatch(session.loadingStarted, 'model');
    try {
      const model = await host.api.openModel(req);
      await cancelStale();
      dispatch(session.modelOpened, model);
      dispatch(session.demoChosen, demoId);
      dispatch(display.errorsSuperseded, since);
    } catch (err) {
      fail('Could not open the model', err);
      return false;
    }
    if (autoPredict) await predict();
    return true;
  }

  /**
   * The previous image and its results stay on screen until the new image and
   * its display level are both ready; a failure leaves them and says why.
   */
  async function openImage(req: OpenImageRequest): Promise<boolean> {
    const since = getState().nextErrorId;
    dispatch(session.loadingStarted, 'image', requestName(req));
    let image;
    try {
      image = await host.api.openImage(req);
    } catch (err) {
      fail('Could not open the image', err);
      return false;
    }
    try {
      const pixels = await host.api.imagePixels({ imageId: image.id, maxSide: pageLevelSide() });
      await cancelStale();
      dispatch(session.imageOpened, image, pixels);
      dispatch(display.errorsSuperseded, since);
    } catch (err) {
      fail('Could not read the image pixels', err);
      host.api.closeImage({ imageId: image.id }).catch(() => undefined);
      return false;
    }
    await predict();
    return true;
  }

  /** A pick or a drop: which file is what is read from their content (host/files.ts), never from their order. */
  async function openFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    let routed;
    try {
      routed = await routeFiles(files);
    } catch (err) {
      return fail('Could not read the files', err);
    }
    if (routed.model.length > 0) {
      try {
        await openModel(await host.modelRequestFromFiles(routed.model));
      } catch (err) {
        fail('Could not read the model files', err);
      }
    }
    if (routed.image) await c.openImageFile(routed.image);
  }

  const c: Controller = {
    async init() {
      const [info, methods, demos, catalog] = await Promise.allSettled([host.api.info(), host.api.methods(), host.api.demos(), host.api.catalog()]);
      if (info.status === 'fulfilled') dispatch(session.engineLoaded, info.value);
      else fail('Engine unavailable', info.reason);
      const m = methods.status === 'fulfilled' ? methods.value : [];
      const d = demos.status === 'fulfilled' ? demos.value : [];
      dispatch(session.catalogLoaded, m, d);
      if (catalog.status === 'fulfilled') dispatch(catalogRead, catalog.value);
      else fail("Could not read the engine's catalog", catalog.reason);
      if (methods.status === 'rejected') fail('Could not list the methods', methods.reason);
      if (demos.status === 'rejected') fail('Could not list the demos', demos.reason);
    },
    openModel: (req) => openModel(req),
    openImage,
    async openDemo(demo) {
      const first = demo.images[0];
      if (!(await openModel({ path: demo.modelPath }, !first, demo.id))) return;
      if (first) await openImage({ path: first.path });
    },
    async pickModel() {
      if (!host.pickModel) return;
      try {
        const req = await host.pickModel();
        if (req) await openModel(req);
      } catch (err) {
        fail('Could not open the model', err);
      }
    },
    async pickImage() {
      if (!host.pickImage) return;
      try {
        const req = await host.pickImage();
        if (req) await openImage(req);
      } catch (err) {
        fail('Could not open the image', err);
      }
    },
    openModelFiles: openFiles,
    async openImageFile(file) {
      try {
        await openImage(await host.imageRequestFromFile(file));
      } catch (err) {
        fail('Could not read the image file', err);
      }
    },
    openDropped: openFiles,
    async explain() {
      const s = getState();
      const method = s.methods.find((m) => m.id === s.methodId);
      if (!s.model || !s.image || !method || s.job) return;
      const region = targetRegionOf(s);
      if (!region) return dispatch(display.failed, `${method.label}: no target region is painted; paint it with the mask tool (Masking lab) first`);
      const req = {
        modelId: s.model.id,
        imageId: s.image.id,
        method: method.id,
        target: s.target,
        layer: method.needsLayer ? requestLayer(s.model, s.layer) : undefined,
        params: s.params,
        ...(s.regions ? { regions: s.regions } : {}),
        ...region,
      };
      const id = newJobId();
      dispatch(ex.jobStarted, id, s.model.id, s.image.id, method.id);
      const job = runJob(host, (jobId) => host.api.explain({ jobId, ...req }), { id, onProgress: (p) => dispatch(ex.jobProgressed, p) });
      running = job;
      try {
        dispatch(ex.explained, await job.result);
      } catch (err) {
        dispatch(ex.jobEnded, job.id);
        if (!isCancelled(err)) fail(`${method.label} failed`, err);
      } finally {
        if (running === job) running = null;
      }
    },
    async cancel() {
      const job = getState().job;
      if (!job || job.cancelRequested || running?.id !== job.jobId) return;
      dispatch(ex.cancelRequested, job.jobId);
      try {
        await running.cancel();
      } catch (err) {
        fail('Could not cancel the job', err);
      }
    },
  };
  return c;
}
