// The masking lab's state: plain data replaced by the named pure actions
// below. Kept apart from the main store (like the class-model view): the lab
// redraws on every pointer move, the rest of the page should not.
import type { ExperimentRow, RegionLabels, RegionMask, ScoreMaskedResult } from '../../../src-main/api/types';
import { IDLE, type MaskToolName, type ToolState } from '../tools/maskTool';
import { commit, emptyHistory, type MaskHistory } from './maskHistory';
import type { StudioState } from './types';

export const FILLS = ['zero', 'mean', 'blur', 'noise'] as const;

/** The latest live score, and for which shown mask (version) it was computed. */
export interface LiveScore {
  version: number;
  fill: string;
  result: ScoreMaskedResult;
}

export interface MaskLabState {
  /** The mask tool mode is on: the canvas draws the mask and takes the pointer. */
  active: boolean;
  tool: MaskToolName;
  /** Brush diameter in image pixels. */
  brush: number;
  /** zero | mean | blur | noise | #rrggbb */
  fill: string;
  imageId: string | null;
  history: MaskHistory | null;
  gesture: ToolState;
  /** The mask while a gesture is under way (shown and scored live). */
  preview: Uint8Array | null;
  /** Bumped whenever what is shown or scored changes (preview buffers are reused). */
  version: number;
  live: LiveScore | null;
  liveError: string | null;
  /** Superpixels of the current image, once fetched. */
  segments: { imageId: string; labels: Int32Array; count: number } | null;
  log: ExperimentRow[];
  /** Log every committed edit once it is scored. */
  autoLog: boolean;
  /** Send the drawn regions as LIME's and KernelSHAP's features. */
  useRegions: boolean;
}

export const initialMaskLab: MaskLabState = {
  active: false,
  tool: 'brush',
  brush: 3,
  fill: 'zero',
  imageId: null,
  history: null,
  gesture: IDLE,
  preview: null,
  version: 0,
  live: null,
  liveError: null,
  segments: null,
  log: [],
  autoLog: false,
  useRegions: false,
};

/** A brush about a tenth of the shorter side (3 px on a 28² digit, 22 px at 224²). */
export const defaultBrush = (w: number, h: number): number => Math.max(2, Math.round(Math.min(w, h) / 10));

export const shownMask = (s: MaskLabState): Uint8Array | null => s.preview ?? s.history?.data ?? null;

/** The live score belongs to what is shown now (not an older mask, fill or model). */
export const liveIsCurrent = (s: MaskLabState): boolean => s.live !== null && s.live.version === s.version;

const bump = (s: MaskLabState, patch: Partial<MaskLabState>): MaskLabState => ({ ...s, ...patch, version: s.version + 1 });

export const maskLab = {
  imageChanged: (s: MaskLabState, imageId: string | null, width: number, height: number): MaskLabState =>
    bump(s, {
      imageId,
      history: imageId ? emptyHistory(width, height) : null,
      gesture: IDLE,
      preview: null,
      live: null,
      liveError: null,
      segments: null,
      brush: imageId ? defaultBrush(width, height) : s.brush,
    }),
  /** Model, target or fill changed: the same mask scores differently. */
  scoringChanged: (s: MaskLabState, patch: Partial<Pick<MaskLabState, 'fill'>> = {}): MaskLabState => bump(s, patch),
  activeSet: (s: MaskLabState, active: boolean): MaskLabState => bump(s, { active, gesture: IDLE, preview: null }),
  toolSet: (s: MaskLabState, tool: MaskToolName): MaskLabState => (s.tool === tool ? s : bump(s, { tool, gesture: IDLE, preview: null })),
  brushSet: (s: MaskLabState, brush: number): MaskLabState => ({ ...s, brush: Math.max(1, Math.min(512, Math.round(brush))) }),
  gestured: (s: MaskLabState, gesture: ToolState, preview: Uint8Array | null | undefined): MaskLabState =>
    preview === undefined ? { ...s, gesture } : bump(s, { gesture, preview }),
  historyChanged: (s: MaskLabState, history: MaskHistory): MaskLabState => (history === s.history ? s : bump(s, { history, preview: null })),
  committed: (s: MaskLabState, data: Uint8Array): MaskLabState => (s.history ? maskLab.historyChanged(s, commit(s.history, data)) : s),
  scored: (s: MaskLabState, version: number, fill: string, result: ScoreMaskedResult): MaskLabState => ({
    ...s,
    live: { version, fill, result },
    liveError: null,
  }),
  scoreFailed: (s: MaskLabState, message: string): MaskLabState => ({ ...s, liveError: message }),
  segmentsLoaded: (s: MaskLabState, imageId: string, labels: Int32Array, count: number): MaskLabState =>
    imageId === s.imageId ? { ...s, segments: { imageId, labels, count } } : s,
  logLoaded: (s: MaskLabState, log: ExperimentRow[]): MaskLabState => ({ ...s, log }),
  logged: (s: MaskLabState, row: ExperimentRow): MaskLabState => ({ ...s, log: [...s.log, row] }),
  rowsDeleted: (s: MaskLabState, ids: string[] | null): MaskLabState => ({ ...s, log: ids ? s.log.filter((r) => !ids.includes(r.id)) : [] }),
  autoLogSet: (s: MaskLabState, autoLog: boolean): MaskLabState => ({ ...s, autoLog }),
  useRegionsSet: (s: MaskLabState, useRegions: boolean): MaskLabState => ({ ...s, useRegions }),
};

/** Main-store action: the regions the next explain sends (null = superpixels as usual). */
export const regionsChosen = (s: StudioState, regions: RegionLabels | null): StudioState => (s.regions === regions ? s : { ...s, regions });

/** Main-store action: the painted mask a "painted" target region sends (null = nothing painted). */
export const paintedChosen = (s: StudioState, painted: RegionMask | null): StudioState =>
  // The same buffer is the same mask (history data is replaced, never mutated).
  s.painted?.mask === painted?.mask ? s : { ...s, painted };
