// Types of projects (.ssproj): what the renderer hands the host to save and
// gets back on open. Typed arrays travel as such (IPC clones them, the wire
// base64s them); the file format (shared/project/format.ts) stores them as base64 of
// their raw bytes. Models and images are referred to by their index in
// `models` / `images`, never by engine id: ids change every time they open.
import type { ExplainResult, ParamValues, PreprocessSpec, Prediction, TargetSpec, UploadedFile } from './common';
import type { ExperimentRow } from './masking-types';
import type { PrivacySettings } from './dicom-export-types';

/** How to reopen a model: its path, or the uploaded files themselves (browser uploads have no path). */
export interface ProjectModel {
  name: string;
  path?: string;
  files?: UploadedFile[];
  preprocess?: Partial<PreprocessSpec>;
}

export interface ProjectImage {
  name: string;
  path?: string;
  file?: UploadedFile;
}

/** OverlayStyle of the renderer, spelled out so the main side can validate it. */
export interface ProjectOverlay {
  colormap: string;
  opacity: number;
  mode: 'abs' | 'signed';
  visible: boolean;
  clipPercentile: number;
  grid: boolean;
  threshold: number | null;
  contours: boolean;
  /** Unset (older projects, and the default): the alpha ramp. */
  alpha?: 'ramp' | 'flat';
}

export interface ProjectWindow {
  center: number;
  width: number;
  invert?: boolean;
}

/** An explain result without its job: the map and native grid bit-exact. */
export type ProjectResult = Omit<ExplainResult, 'jobId'>;

/** The single view. */
export interface ProjectSingle {
  model: number | null;
  image: number | null;
  demoId: string | null;
  methodId: string | null;
  params: ParamValues;
  target: TargetSpec;
  layer: string | null;
  allLayers: boolean;
  overlay: ProjectOverlay;
  window: ProjectWindow | null;
  prediction: Prediction | null;
  result: ProjectResult | null;
}

export type ProjectCellStatus = 'done' | 'failed' | 'cancelled' | 'queued';

export interface ProjectCell {
  row: string;
  column: string;
  status: ProjectCellStatus;
  result: ProjectResult | null;
  error: string | null;
  style: Partial<ProjectOverlay> | null;
}

/** The comparison grid; rows and columns keep their grid ids (cells are keyed by them). */
export interface ProjectCompare {
  mode: 'images' | 'models';
  rows: { id: string; model: number; image: number }[];
  columns: { id: string; methodId: string; params: ParamValues; layer: string | null }[];
  cells: ProjectCell[];
  style: ProjectOverlay;
  target: TargetSpec;
  selected: string | null;
  /** Display window per image index. */
  windows: { image: number; window: ProjectWindow }[];
  nextId: number;
  /** The shared zoom/pan (compare/viewSync.ts). */
  view: { zoom: number; cx: number; cy: number };
  /** Side of a cell on screen, CSS px (absent in early files: 224). */
  cellSize?: number;
}

/** The masking lab's mask on the single view's image (nonzero = hidden) and its settings. */
export interface ProjectMask {
  image: number;
  width: number;
  height: number;
  data: Uint8Array;
  fill: string;
  brush: number;
  tool: string;
  useRegions: boolean;
  autoLog: boolean;
}

export interface ProjectSnapshot {
  models: ProjectModel[];
  images: ProjectImage[];
  single: ProjectSingle;
  compare: ProjectCompare | null;
  mask: ProjectMask | null;
  experiments: ExperimentRow[];
  /** The viewer tab shown when saved (absent: explore). */
  tab?: 'explore' | 'compare' | 'evaluate';
}

/** What an opened project carries besides its content. */
export interface ProjectOpened {
  project: ProjectSnapshot;
  /** Where it lives (null: uploaded bytes or the autosave slot). */
  path: string | null;
  name: string;
  savedAt: string;
  appVersion: string;
}

export interface ProjectEntry {
  path: string;
  name: string;
  /** File modification time, ISO 8601. */
  modified: string;
}

export interface ProjectList {
  /** Most recent first; files that vanished are dropped. */
  recent: ProjectEntry[];
  /** The web host's projects folder (`<data dir>/projects`) and what it holds. */
  folder: string;
  inFolder: ProjectEntry[];
  /** The autosave slot while it holds a session (restored with restoreAutosave, not by path). */
  autosave: { savedAt: string } | null;
}

export interface AutosaveStatus {
  /** The autosave holds work in no project file, not dismissed: offer to restore it (after any reload or restart). */
  offer: boolean;
  savedAt: string | null;
  /** What was on screen when it was written (null: unknown). */
  model: string | null;
  image: string | null;
}

/** Where to save: a path the user chose (dialog, recent list, projects folder) or a name in the projects folder. */
export interface SaveProjectRequest {
  project: ProjectSnapshot;
  path?: string;
  name?: string;
  /** Absent or not identifiable: embedded DICOM files are de-identified before the file is written (project/private.ts). */
  privacy?: PrivacySettings;
}

export interface OpenProjectRequest {
  path?: string;
  name?: string;
  file?: UploadedFile;
}

export interface SavedProject {
  path: string;
  name: string;
  savedAt: string;
  bytes: number;
}

/** The project operations every host serves (project/store.ts), listed in StudioApi. */
export interface ProjectApi {
  saveProject(req: SaveProjectRequest): Promise<SavedProject>;
  openProject(req: OpenProjectRequest): Promise<ProjectOpened>;
  recentProjects(): Promise<ProjectList>;
  /** Writes the autosave slot and marks it as holding work in no project file (until a save, an open or a dismiss). */
  autosave(req: { project: ProjectSnapshot; privacy?: PrivacySettings }): Promise<{ savedAt: string }>;
  autosaveStatus(): Promise<AutosaveStatus>;
  restoreAutosave(): Promise<ProjectOpened>;
  /** Stops offering the autosave; the file stays (listed under Recent) until the next autosave replaces it. */
  dismissAutosave(): Promise<{ dismissed: boolean }>;
}
