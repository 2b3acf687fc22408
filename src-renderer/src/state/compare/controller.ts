// The grid's scheduler and intents. Queued cells run in reading order, as
// many at once as the engine has job workers (EngineInfo.workers; one worker
// would only interleave them), so cells fill in as they finish. Each cell is an
// ordinary explain job (runJob): its own progress, and it can be cancelled alone.
import type { DemoEntry, ImageInfo, ModelInfo } from '../../../../src-main/api/types';
import { errorMessage, type Host } from '../../host';
import { display } from '../actions';
import { requestLayer } from '../layers';
import { isCancelled, nextJobId, runJob, type Job } from '../runJob';
import type { StudioStore } from '../types';
import * as cmp from './actions';
import { cellKey } from './types';

export interface CompareController {
  /** Adds a row for the current model and image (images mode: the grid's model; models mode: the grid's image). */
  addCurrentRow(): Promise<void>;
  /** Adds one row per sample image of a demo, explained by the grid's model (images mode). */
  addDemoRows(demo: DemoEntry, limit?: number): Promise<void>;
  addColumn(methodId: string): void;
  removeRow(rowId: string): void;
  removeColumn(columnId: string): void;
  cancelCell(key: string): Promise<void>;
  cancelAll(): Promise<void>;
  retryCell(key: string): void;
  dispose(): void;
}

export function createCompareController(host: Host, store: StudioStore, newJobId: () => string = nextJobId): CompareController {
  const { set: dispatch, get: getState } = store;
  /** Running cells' jobs by job id. */
  const running = new Map<string, Job<unknown>>();
  const concurrency = (): number => Math.max(1, getState().engine?.workers ?? 1);
  const fail = (what: string, err: unknown) => dispatch(display.failed, `${what}: ${errorMessage(err)}`);

  async function ensurePixels(imageId: string): Promise<void> {
    if (getState().compare.pixels[imageId]) return;
    const current = getState();
    if (current.image?.id === imageId && current.pixels) {
      dispatch(cmp.pixelsKnown, imageId, current.pixels);
      return;
    }
    try {
      dispatch(cmp.pixelsKnown, imageId, await host.api.imagePixels({ imageId }));
    } catch (err) {
      fail('Could not read the image pixels', err);
    }
  }

  async function addRow(model: ModelInfo, image: ImageInfo): Promise<void> {
    dispatch(cmp.modelKnown, model);
    dispatch(cmp.imageKnown, image);
    await ensurePixels(image.id);
    dispatch(cmp.rowAdded, model.id, image.id);
  }

  /** The model rows share in images mode: the first row's, else the current one. */
  function gridModel(): ModelInfo | null {
    const s = getState();
    const first = s.compare.rows[0];
    return first ? (s.compare.models[first.modelId] ?? null) : s.model;
  }

  function gridImage(): ImageInfo | null {
    const s = getState();
    const first = s.compare.rows[0];
    return first ? (s.compare.images[first.imageId] ?? null) : s.image;
  }

  async function runCell(key: string): Promise<void> {
    const s = getState();
    const [rowId, columnId] = key.split(':');
    const row = s.compare.rows.find((r) => r.id === rowId);
    const col = s.compare.columns.find((c) => c.id === columnId);
    const model = row && s.compare.models[row.modelId];
    const method = col && s.methods.find((m) => m.id === col.methodId);
    if (!row || !col || !model || !method) return;
    // A column's explicit layer applies only to models that have it.
    const layer = col.layer && model.layers.some((l) => l.name === col.layer) ? col.layer : null;
    const req = {
      modelId: row.modelId,
      imageId: row.imageId,
      method: method.id,
      target: s.compare.target,
      layer: method.needsLayer ? requestLayer(model, layer) : undefined,
      params: col.params,
    };
    const jobId = newJobId();
    const job = runJob(host, (id) => host.api.explain({ jobId: id, ...req }), { id: jobId, onProgress: (p) => dispatch(cmp.cellProgressed, p) });
    // Before the dispatch: pump() runs inside it and must see this cell running.
    running.set(jobId, job);
    dispatch(cmp.cellStarted, key, jobId);
    try {
      dispatch(cmp.cellDone, key, jobId, await job.result);
    } catch (err) {
      // The cell actions ignore a job that is no longer the cell's running one.
      if (isCancelled(err)) dispatch(cmp.cellCancelled, key, jobId);
      else dispatch(cmp.cellFailed, key, jobId, errorMessage(err));
    } finally {
      running.delete(jobId);
      pump();
    }
  }

  function pump(): void {
    while (running.size < concurrency()) {
      const key = cmp.nextQueued(getState().compare);
      if (!key) return;
      const before = running.size;
      void runCell(key);
      if (running.size === before) return; // the cell could not start (its row or column is gone)
    }
  }

  const offStore = store.subscribe(pump);

  async function cancelCell(key: string): Promise<void> {
    const cell = getState().compare.cells[key];
    if (!cell) return;
    const job = cell.status === 'running' && cell.jobId ? (running.get(cell.jobId) ?? null) : null;
    dispatch(cmp.cellCancelled, key);
    if (!job) return;
    try {
      await job.cancel();
    } catch (err) {
      fail('Could not cancel the cell', err);
    }
  }

  return {
    async addCurrentRow() {
      const s = getState();
      const model = s.compare.mode === 'images' ? gridModel() : s.model;
      const image = s.compare.mode === 'images' ? s.image : gridImage();
      if (!model || !image) return;
      await addRow(model, image);
    },
    async addDemoRows(demo, limit = Infinity) {
      const model = gridModel();
      if (!model) return;
      for (const sample of demo.images.slice(0, limit)) {
        try {
          await addRow(model, await host.api.openImage({ path: sample.path }));
        } catch (err) {
          fail(`Could not open ${sample.name}`, err);
        }
      }
    },
    addColumn(methodId) {
      const s = getState();
      const method = s.methods.find((m) => m.id === methodId);
      if (!method) return;
      // The single view's form, when it is on this method, seeds the column's parameters.
      const params = s.methodId === methodId ? s.params : Object.fromEntries(method.params.map((p) => [p.name, p.default]));
      dispatch(cmp.columnAdded, methodId, params, method.needsLayer && s.methodId === methodId ? s.layer : null);
    },
    removeRow(rowId) {
      const s = getState();
      for (const col of s.compare.columns) void cancelCell(cellKey(rowId, col.id));
      dispatch(cmp.rowRemoved, rowId);
    },
    removeColumn(columnId) {
      const s = getState();
      for (const row of s.compare.rows) void cancelCell(cellKey(row.id, columnId));
      dispatch(cmp.columnRemoved, columnId);
    },
    cancelCell,
    async cancelAll() {
      const keys = Object.entries(getState().compare.cells)
        .filter(([, c]) => c.status === 'queued' || c.status === 'running')
        .map(([k]) => k);
      await Promise.all(keys.map((k) => cancelCell(k)));
    },
    retryCell(key) {
      dispatch(cmp.cellRequeued, key);
    },
    dispose() {
      offStore();
    },
  };
}
