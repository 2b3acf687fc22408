// The Electron host: one ipcMain.handle channel per StudioApi operation (the
// same allow-list as the web host), progress routed to the page that started
// the job, native file dialogs, recent files and display preferences.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { dirname } from 'node:path';
import type { ApiOp, StudioBackend } from '../api/types';
import { API_OPS, callOp, jobIdOf, toApiError } from '../hosts/ops';
import { CH, channelOf, type IpcResult } from '../api/channels';
import type { RecentKind, Settings } from './settings';

export interface IpcDeps {
  backend: StudioBackend;
  settings: Settings;
  /** True for the app's own renderer URL; anything else is refused. */
  isTrustedUrl(url: string): boolean;
  /** The recent lists changed (the menu rebuilds). */
  onRecentChanged(): void;
  /** A project path the user chose in a native dialog: the project store may now read or write it. */
  grantProject?(path: string): void;
}

const PROJECT_FILTERS = [{ name: 'Saliency Studio project', extensions: ['ssproj'] }];

/** Save / open dialogs for projects; the result is granted to the store before the page sees it. */
export async function pickProject(
  win: BrowserWindow | null,
  mode: 'save' | 'open',
  suggestedName: unknown,
  grant?: (path: string) => void,
): Promise<string | null> {
  let path: string | null;
  if (mode === 'save') {
    const name = typeof suggestedName === 'string' && /^[^/\\]{1,100}$/.test(suggestedName) ? suggestedName : 'Untitled';
    const options: Electron.SaveDialogOptions = {
      title: 'Save project',
      defaultPath: /\.ssproj$/i.test(name) ? name : `${name}.ssproj`,
      filters: PROJECT_FILTERS,
    };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    path = r.canceled || !r.filePath ? null : /\.ssproj$/i.test(r.filePath) ? r.filePath : `${r.filePath}.ssproj`;
  } else {
    const options: Electron.OpenDialogOptions = { title: 'Open project', properties: ['openFile'], filters: PROJECT_FILTERS };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    path = r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  }
  if (path) grant?.(path);
  return path;
}

const MODEL_FILTERS = [{ name: 'Models (model.json, ONNX, Keras)', extensions: ['json', 'onnx', 'h5', 'hdf5', 'keras'] }];
const IMAGE_FILTERS = [
  { name: 'Images and DICOM', extensions: ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'dcm'] },
  // DICOM files often have no extension at all.
  { name: 'All files', extensions: ['*'] },
];

export async function pickFile(win: BrowserWindow | null, settings: Settings, kind: RecentKind): Promise<string | null> {
  const last = settings.recent(kind)[0];
  const options: Electron.OpenDialogOptions = {
    title: kind === 'model' ? 'Open model' : 'Open image',
    properties: ['openFile'],
    filters: kind === 'model' ? MODEL_FILTERS : IMAGE_FILTERS,
    ...(last ? { defaultPath: dirname(last) } : {}),
  };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(deps: IpcDeps): () => void {
  const { backend, settings } = deps;
  /** Which page started which job: progress goes there and nowhere else. */
  const jobs = new Map<string, WebContents>();

  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const url = e.senderFrame?.url;
    return typeof url === 'string' && deps.isTrustedUrl(url);
  };
  const refuse = (): IpcResult => ({ ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } });

  const offProgress = backend.onProgress((p) => {
    const wc = jobs.get(p.jobId);
    if (wc && !wc.isDestroyed()) wc.send(CH.progress, p);
  });

  const recordRecent = (op: ApiOp, arg: unknown): void => {
    if (op !== 'openModel' && op !== 'openImage') return;
    const path = arg && typeof arg === 'object' ? (arg as { path?: unknown }).path : undefined;
    if (typeof path !== 'string' || !path) return;
    settings.addRecent(op === 'openModel' ? 'model' : 'image', path);
    deps.onRecentChanged();
  };

  for (const op of API_OPS) {
    ipcMain.handle(channelOf(op), async (e, arg: unknown): Promise<IpcResult> => {
      if (!trusted(e)) return refuse();
      const jobId = jobIdOf(op, arg);
      const sender = e.sender;
      // A closed window can no longer receive its result: stop the job.
      const onGone = () => {
        if (!jobId || jobs.get(jobId) !== sender) return;
        jobs.delete(jobId);
        callOp(backend, 'cancel', { jobId }).catch(() => undefined);
      };
      if (jobId) {
        jobs.set(jobId, sender);
        sender.once('destroyed', onGone);
      }
      try {
        const value = await callOp(backend, op, arg);
        recordRecent(op, arg);
        return { ok: true, value };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      } finally {
        if (jobId) {
          sender.removeListener('destroyed', onGone);
          if (jobs.get(jobId) === sender) jobs.delete(jobId);
        }
      }
    });
  }

  const pick = (kind: RecentKind) => async (e: IpcMainInvokeEvent) => (trusted(e) ? pickFile(BrowserWindow.fromWebContents(e.sender), settings, kind) : null);
  ipcMain.handle(CH.pickModelFile, pick('model'));
  ipcMain.handle(CH.pickImageFile, pick('image'));
  const project = (mode: 'save' | 'open') => async (e: IpcMainInvokeEvent, name?: unknown) =>
    trusted(e) ? pickProject(BrowserWindow.fromWebContents(e.sender), mode, name, deps.grantProject) : null;
  ipcMain.handle(CH.pickProjectSave, project('save'));
  ipcMain.handle(CH.pickProjectOpen, project('open'));
  ipcMain.handle(CH.getDisplayPrefs, (e) => (trusted(e) ? settings.display() : {}));
  ipcMain.handle(CH.setDisplayPrefs, (e, p: unknown) => (trusted(e) ? settings.saveDisplay(p) : {}));

  return () => {
    offProgress();
    jobs.clear();
    for (const op of API_OPS) ipcMain.removeHandler(channelOf(op));
    for (const ch of [CH.pickModelFile, CH.pickImageFile, CH.pickProjectSave, CH.pickProjectOpen, CH.getDisplayPrefs, CH.setDisplayPrefs])
      ipcMain.removeHandler(ch);
  };
}
