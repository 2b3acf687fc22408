// IPC channel names and envelopes shared by the main process and the preload.
// Plain constants only: the sandboxed preload bundles this file.
import type { ApiErrorShape, ApiOp } from './types';

export const channelOf = (op: ApiOp): `studio:${ApiOp}` => `studio:${op}`;

export const CH = {
  /** main → page: JobProgress of a job this page started. */
  progress: 'studio:progress',
  /** main → page: the File menu asked to open a model or image. */
  open: 'studio:open',
  pickModelFile: 'studio:pickModelFile',
  pickImageFile: 'studio:pickImageFile',
  getDisplayPrefs: 'studio:getDisplayPrefs',
  setDisplayPrefs: 'studio:setDisplayPrefs',
  /** Native save / open dialogs for projects; the chosen path is granted to the project store. */
  pickProjectSave: 'studio:pickProjectSave',
  pickProjectOpen: 'studio:pickProjectOpen',
} as const;

/**
 * What an operation channel returns. Errors travel as data, not as a rejected
 * invoke: Electron would wrap them in "Error invoking remote method…", drop
 * `code`, and log them as handler failures in the main process.
 */
export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** The File menu (or File → Recent) asked the page to open this path. */
export interface OpenRequest {
  kind: 'model' | 'image';
  path: string;
}

/** Last overlay look, persisted by the main process; the renderer owns the names. */
export interface DisplayPrefs {
  colormap?: string;
  /** 0…1 */
  opacity?: number;
  /** 'system' follows prefers-color-scheme. */
  theme?: 'light' | 'dark' | 'system';
  /** The viewer tab last shown (the renderer owns the names). */
  lastView?: string;
}
