// The masking lab's intents: the only place the lab calls the host. It follows
// the main store (image, model, target), runs the tool machine on pointer
// events, re-scores the shown mask latest-wins, and keeps the experiment log.
import type { ScoreMaskedResult } from '../../../src-main/api/types';
import { errorMessage, type Host } from '../host';
import { dataUrlToBlob, maskPngDataUrl, readMaskImage, thumbnailDataUrl } from '../render/maskPng';
import { saveText, saveUrl } from '../render/saveFile';
import { toolEvent, type MaskToolName, type ToolEvent } from '../tools/maskTool';
import { display } from './actions';
import { experimentsCsv, maskFileName } from './experimentCsv';
import { LatestWins } from './latestWins';
import { initialMaskLab, liveIsCurrent, maskLab as act, paintedChosen, regionsChosen, shownMask, type MaskLabState } from './maskLab';
import * as hist from './maskHistory';
import { masksZip } from './masksZip';
import { countSet, regionLabels } from './maskRaster';
import { createStore, type Action } from './store';
import type { StudioStore } from './types';

interface LiveQuery {
  version: number;
  modelId: string;
  imageId: string;
  fill: string;
  mask: Uint8Array;
}

const FILL_OK = /^(zero|mean|blur|noise|#[0-9a-f]{6})$/i;
const stem = (name: string): string => name.replace(/\.[^.]*$/, '') || 'image';

export class MaskLab {
  /** The lab's state; components read it with useStore. */
  readonly store = createStore<MaskLabState>(initialMaskLab);
  private readonly scorer: LatestWins<LiveQuery, ScoreMaskedResult>;
  private seen = { imageId: null as string | null, modelId: null as string | null, target: null as unknown };
  /** The version whose score should be logged when it arrives (auto-log). */
  private logVersion = -1;
  private segmenting: string | null = null;

  constructor(
    private readonly host: Host,
    private readonly studio: StudioStore,
  ) {
    this.scorer = new LatestWins(
      (q) => host.api.scoreMasked({ modelId: q.modelId, imageId: q.imageId, masks: [q.mask], fill: q.fill, target: studio.get().target, topK: 5 }),
      (q, r) => {
        this.act(act.scored, q.version, q.fill, r);
        if (q.version === this.logVersion) void this.logCurrent();
      },
      (_q, e) => this.act(act.scoreFailed, errorMessage(e)),
    );
    studio.subscribe(() => this.follow());
    this.follow();
  }

  private get state(): MaskLabState {
    return this.store.get();
  }

  /** Applies a named action; a new version (what is shown or scored changed) is scored again. */
  private act<A extends unknown[]>(action: Action<MaskLabState, A>, ...args: A): void {
    const version = this.state.version;
    this.store.set(action, ...args);
    if (this.state.version !== version) this.rescore();
  }

  private fail(what: string, err: unknown): void {
    this.studio.set(display.failed, `${what}: ${errorMessage(err)}`);
  }

  /** Tracks the main store: a new image starts a new mask; a new model or target re-scores the same one. */
  private follow(): void {
    const { image, model, target } = this.studio.get();
    if ((image?.id ?? null) !== this.seen.imageId) {
      this.seen.imageId = image?.id ?? null;
      this.scorer.drop();
      this.studio.set(regionsChosen, null);
      this.studio.set(paintedChosen, null);
      this.act(act.imageChanged, image?.id ?? null, image?.width ?? 0, image?.height ?? 0);
      if (this.state.active && this.state.tool === 'superpixel') void this.ensureSegments();
    }
    if ((model?.id ?? null) !== this.seen.modelId || target !== this.seen.target) {
      this.seen.modelId = model?.id ?? null;
      this.seen.target = target;
      this.act(act.scoringChanged);
    }
  }

  private rescore(): void {
    const s = this.state;
    const { model } = this.studio.get();
    const mask = shownMask(s);
    if (!s.active || !model || !s.imageId || !mask || countSet(mask) === 0) {
      this.scorer.drop();
      return;
    }
    // A copy: a brush stroke keeps drawing into the preview buffer.
    this.scorer.submit({ version: s.version, modelId: model.id, imageId: s.imageId, fill: s.fill, mask: mask.slice() });
  }

  /** Replaces the lab's state (a reopened project) and passes its drawn regions on. */
  apply(f: (s: MaskLabState) => MaskLabState): void {
    this.act(f);
    this.pushRegions();
  }

  async init(): Promise<void> {
    try {
      this.act(act.logLoaded, await this.host.api.experimentLog());
    } catch (e) {
      this.fail('Could not read the experiment log', e);
    }
  }

  setActive(on: boolean): void {
    this.act(act.activeSet, on);
    if (on && this.state.tool === 'superpixel') void this.ensureSegments();
  }

  setTool(tool: MaskToolName): void {
    this.act(act.toolSet, tool);
    if (tool === 'superpixel') void this.ensureSegments();
  }

  setBrush(d: number): void {
    this.act(act.brushSet, d);
  }

  setFill(fill: string): void {
    if (FILL_OK.test(fill) && fill !== this.state.fill) this.act(act.scoringChanged, { fill });
  }

  setAutoLog(on: boolean): void {
    this.act(act.autoLogSet, on);
  }

  setUseRegions(on: boolean): void {
    this.act(act.useRegionsSet, on);
    this.pushRegions();
  }

  /** The drawn regions to the main store, for the next LIME / KernelSHAP run. */
  private pushRegions(): void {
    const h = this.state.history;
    // The painted mask too, for a segmentation model's "painted" target region (history data is never mutated).
    this.studio.set(paintedChosen, h && countSet(h.data) > 0 ? { width: h.width, height: h.height, mask: h.data } : null);
    if (!this.state.useRegions || !h) return this.studio.set(regionsChosen, null);
    const r = regionLabels(h.data, h);
    this.studio.set(regionsChosen, r.count > 0 ? { width: h.width, height: h.height, labels: r.labels } : null);
  }

  private async ensureSegments(): Promise<void> {
    const id = this.state.imageId;
    if (!id || this.state.segments?.imageId === id || this.segmenting === id) return;
    this.segmenting = id;
    try {
      const seg = await this.host.api.segments({ imageId: id });
      this.act(act.segmentsLoaded, id, seg.labels, seg.count);
    } catch (e) {
      this.fail('Could not compute superpixels', e);
    } finally {
      if (this.segmenting === id) this.segmenting = null;
    }
  }

  pointer(e: ToolEvent): void {
    const s = this.state;
    if (!s.active || !s.history) return;
    const step = toolEvent(s.gesture, e, { tool: s.tool, radius: s.brush / 2, size: s.history, base: s.history.data, segments: s.segments?.labels ?? null });
    if (step.state === s.gesture && step.preview === undefined && !step.commit) return; // hover: nothing to redraw
    // One action for both, so a committing gesture is scored once.
    this.act((x) => (step.commit ? act.committed(act.gestured(x, step.state, step.preview), step.commit) : act.gestured(x, step.state, step.preview)));
    if (step.commit) this.afterCommit();
  }

  private afterCommit(): void {
    this.pushRegions();
    if (this.state.autoLog) this.logVersion = this.state.version;
  }

  private history(f: (h: hist.MaskHistory) => hist.MaskHistory): void {
    if (!this.state.history) return;
    this.act(act.historyChanged, f(this.state.history));
    this.afterCommit();
  }

  undo = (): void => this.history(hist.undo);
  redo = (): void => this.history(hist.redo);
  clear = (): void => this.history(hist.clear);
  invert = (): void => this.history(hist.invert);

  /** Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Enter / Escape for the polygon. True when handled. */
  key(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): boolean {
    if (!this.state.active) return false;
    const k = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && k === 'z') {
      if (e.shiftKey) this.redo();
      else this.undo();
      return true;
    }
    if ((e.ctrlKey || e.metaKey) && k === 'y') {
      this.redo();
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Escape') {
      this.pointer({ type: 'key', key: e.key });
      return true;
    }
    return false;
  }

  async loadMask(file: File): Promise<void> {
    const h = this.state.history;
    if (!h) return;
    try {
      const m = await readMaskImage(file, h.width, h.height);
      this.act(act.committed, m);
      this.afterCommit();
    } catch (e) {
      this.fail(`Could not load the mask ${file.name}`, e);
    }
  }

  saveMask(): void {
    const h = this.state.history;
    const image = this.studio.get().image;
    if (!h || !image) return;
    saveUrl(maskPngDataUrl(h.data, h.width, h.height), `${stem(image.name)}.mask.png`);
  }

  /** Logs the committed mask with its current score (no-op until that score has arrived). */
  async logCurrent(): Promise<void> {
    const s = this.state;
    const { model, image, pixels, window: win } = this.studio.get();
    if (!liveIsCurrent(s) || s.preview || !s.history || !model || !image || !pixels || !win) return;
    this.logVersion = -1;
    const r = s.live!.result;
    const m = s.history.data;
    try {
      const row = await this.host.api.addExperiment({
        row: {
          model: model.name,
          image: image.name,
          width: s.history.width,
          height: s.history.height,
          fill: s.live!.fill,
          area: r.results[0].area,
          target: r.target,
          classes: r.results[0].classes,
          maskPng: maskPngDataUrl(m, s.history.width, s.history.height),
          thumbnail: thumbnailDataUrl(pixels, win, m),
        },
      });
      this.act(act.logged, row);
    } catch (e) {
      this.fail('Could not log the experiment', e);
    }
  }

  async deleteRows(ids: string[] | null): Promise<void> {
    try {
      await this.host.api.deleteExperiments(ids ? { ids } : {});
      this.act(act.rowsDeleted, ids);
    } catch (e) {
      this.fail('Could not delete from the experiment log', e);
    }
  }

  exportCsv(rows = this.state.log): void {
    saveText(experimentsCsv(rows), 'mask-experiments.csv');
  }

  /** One mask: its PNG; several: one zip (masks and CSV), not a download each. */
  exportMasks(rows = this.state.log): void {
    if (!rows.length) return;
    const blob = rows.length === 1 ? dataUrlToBlob(rows[0].maskPng) : new Blob([masksZip(rows) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
    const url = URL.createObjectURL(blob);
    saveUrl(url, rows.length === 1 ? maskFileName(rows[0]) : 'mask-experiments-masks.zip');
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Puts a logged mask back on the canvas (same image size only). */
  restore(id: string): void {
    const row = this.state.log.find((r) => r.id === id);
    if (row) void this.loadMask(new File([dataUrlToBlob(row.maskPng)], maskFileName(row), { type: 'image/png' }));
  }
}
