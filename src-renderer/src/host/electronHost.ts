// The Electron host: the sandboxed preload exposes `window.studio` (named
// functions only). Files keep their paths, so nothing is uploaded.
import { API_OPS } from '../../../src-main/api/spec';
import type { JobProgress, StudioApi } from '../../../src-main/api/types';
import type { StudioPreload } from '../../../src-preload/api';
import { HostError, type Host, type OpenImageRequest, type OpenModelRequest } from './Host';

/** What the preload puts on `window.studio`: the preload's own type. */
export type PreloadStudio = StudioPreload;

const REMOTE_PREFIX = /^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/;

/** ipcRenderer.invoke wraps errors as "Error invoking remote method 'x': Error: msg"; keep the msg. */
function cleanError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const message = err.message.replace(REMOTE_PREFIX, '');
  const code = (err as { code?: unknown }).code;
  const m = /^\[([a-z0-9_-]+)\]\s*(.*)$/i.exec(message);
  if (typeof code === 'string') return new HostError(message, code);
  if (m) return new HostError(m[2], m[1]);
  return new HostError(message, 'error');
}

/** Every operation of the spec, its errors cleaned of Electron's wrapping. */
function wrapApi(studio: PreloadStudio): StudioApi {
  const api: Record<string, (a?: unknown) => Promise<unknown>> = {};
  for (const op of API_OPS) {
    const fn = studio[op] as (a?: unknown) => Promise<unknown>;
    api[op] = (a?: unknown) => fn.call(studio, a).catch((e: unknown) => Promise.reject(cleanError(e)));
  }
  return api as unknown as StudioApi;
}

export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  readonly api: StudioApi;

  constructor(private readonly studio: PreloadStudio) {
    this.api = wrapApi(studio);
  }

  onProgress(cb: (p: JobProgress) => void): () => void {
    return this.studio.onProgress(cb);
  }

  onOpenRequest(cb: (req: { kind: 'model' | 'image'; path: string }) => void): () => void {
    return this.studio.onOpenRequest(cb);
  }

  async pickModel(): Promise<OpenModelRequest | null> {
    const path = await this.studio.pickModelFile();
    return path ? { path } : null;
  }

  async pickImage(): Promise<OpenImageRequest | null> {
    const path = await this.studio.pickImageFile();
    return path ? { path } : null;
  }

  pickProjectSave(suggestedName: string): Promise<string | null> {
    return this.studio.pickProjectSave(suggestedName);
  }

  pickProjectOpen(): Promise<string | null> {
    return this.studio.pickProjectOpen();
  }

  pathForFile(file: File): string | null {
    return this.studio.pathForFile(file) || null;
  }

  async modelRequestFromFiles(files: File[]): Promise<OpenModelRequest> {
    // The shards sit beside model.json on disk: its path is enough.
    const json = files.find((f) => /\.json$/i.test(f.name)) ?? files[0];
    if (!json) throw new HostError('no model.json among the files', 'bad-request');
    return { path: this.studio.pathForFile(json) };
  }

  async imageRequestFromFile(file: File): Promise<OpenImageRequest> {
    return { path: this.studio.pathForFile(file) };
  }

  close(): void {
    /* the preload owns the IPC channel */
  }
}
