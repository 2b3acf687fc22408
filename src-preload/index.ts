// The sandboxed preload: named functions on `window.studio`, each bound to its
// own channel. Never ipcRenderer, never process, never a generic "invoke any
// channel" (the electron-toolkit pattern the architecture forbids).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_OPS } from '../src-main/api/spec';
import type { ApiOp, StudioApi } from '../src-main/api/types';
import { CH, channelOf, type DisplayPrefs, type IpcResult, type OpenRequest } from '../src-main/api/channels';
import type { PreloadApi, StudioPreload } from './api';

/**
 * A channel's envelope, passed through unchanged: an Error thrown across the
 * context bridge keeps only its message, so the code would have to be packed
 * into the text and parsed back; data crosses whole.
 */
function call<Op extends ApiOp>(op: Op, arg?: unknown): Promise<IpcResult<Awaited<ReturnType<StudioApi[Op]>>>> {
  return ipcRenderer.invoke(channelOf(op), arg) as Promise<IpcResult<Awaited<ReturnType<StudioApi[Op]>>>>;
}

/** Subscribes to a main → page channel without letting the IpcRendererEvent reach the page. */
function listen<T>(channel: string, cb: (value: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('callback must be a function');
  const listener = (_e: IpcRendererEvent, value: T) => cb(value);
  ipcRenderer.on(channel, listener);
  return () => void ipcRenderer.removeListener(channel, listener);
}

// One channel per operation, from the spec: the preload cannot drift from the host's allow-list.
const api = Object.fromEntries(API_OPS.map((op) => [op, (req?: unknown) => call(op, req)])) as unknown as PreloadApi;

const studio: StudioPreload = {
  ...api,
  pickProjectSave: (name) => ipcRenderer.invoke(CH.pickProjectSave, name) as Promise<string | null>,
  pickProjectOpen: () => ipcRenderer.invoke(CH.pickProjectOpen) as Promise<string | null>,
  onProgress: (cb) => listen(CH.progress, cb),
  onOpenRequest: (cb) => listen<OpenRequest>(CH.open, cb),
  pickModelFile: () => ipcRenderer.invoke(CH.pickModelFile) as Promise<string | null>,
  pickImageFile: () => ipcRenderer.invoke(CH.pickImageFile) as Promise<string | null>,
  pathForFile: (file) => webUtils.getPathForFile(file),
  getDisplayPrefs: () => ipcRenderer.invoke(CH.getDisplayPrefs) as Promise<DisplayPrefs>,
  setDisplayPrefs: (p) => ipcRenderer.invoke(CH.setDisplayPrefs, p) as Promise<DisplayPrefs>,
};

contextBridge.exposeInMainWorld('studio', studio);
