// The sandboxed preload: named functions on `window.studio`, each bound to its
// own channel. Never ipcRenderer, never process, never a generic "invoke any
// channel" (the electron-toolkit pattern the architecture forbids).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiOp, StudioApi } from '../src-main/api/types';
import { CH, channelOf, type DisplayPrefs, type IpcResult, type OpenRequest } from '../src-main/electron/channels';
import type { StudioPreload } from './api';

/** Unwraps a channel's envelope; "[code] message" is what the renderer's host parses back. */
async function call<Op extends ApiOp>(op: Op, arg?: unknown): Promise<Awaited<ReturnType<StudioApi[Op]>>> {
  const r = (await ipcRenderer.invoke(channelOf(op), arg)) as IpcResult<Awaited<ReturnType<StudioApi[Op]>>>;
  if (r.ok) return r.value;
  const err = new Error(`[${r.error.code}] ${r.error.message}`);
  err.name = 'StudioError';
  throw err;
}

/** Subscribes to a main → page channel without letting the IpcRendererEvent reach the page. */
function listen<T>(channel: string, cb: (value: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('callback must be a function');
  const listener = (_e: IpcRendererEvent, value: T) => cb(value);
  ipcRenderer.on(channel, listener);
  return () => void ipcRenderer.removeListener(channel, listener);
}

const studio: StudioPreload = {
  info: () => call('info'),
  methods: () => call('methods'),
  demos: () => call('demos'),
  openModel: (req) => call('openModel', req),
  openImage: (req) => call('openImage', req),
  imagePixels: (req) => call('imagePixels', req),
  closeModel: (req) => call('closeModel', req),
  closeImage: (req) => call('closeImage', req),
  predict: (req) => call('predict', req),
  explain: (req) => call('explain', req),
  cancel: (req) => call('cancel', req),
  classModel: (req) => call('classModel', req),
  classModelUpdate: (req) => call('classModelUpdate', req),
  classModelControl: (req) => call('classModelControl', req),
  localize: (req) => call('localize', req),
  localizeEvaluate: (req) => call('localizeEvaluate', req),
  evaluate: (req) => call('evaluate', req),
  sanity: (req) => call('sanity', req),
  tcav: (req) => call('tcav', req),
  bim: (req) => call('bim', req),
  scoreMasked: (req) => call('scoreMasked', req),
  segments: (req) => call('segments', req),
  experimentLog: () => call('experimentLog'),
  addExperiment: (req) => call('addExperiment', req),
  deleteExperiments: (req) => call('deleteExperiments', req),
  saveProject: (req) => call('saveProject', req),
  openProject: (req) => call('openProject', req),
  recentProjects: () => call('recentProjects'),
  autosave: (req) => call('autosave', req),
  autosaveStatus: () => call('autosaveStatus'),
  restoreAutosave: () => call('restoreAutosave'),
  discardAutosave: () => call('discardAutosave'),
  markCleanExit: () => call('markCleanExit'),
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
