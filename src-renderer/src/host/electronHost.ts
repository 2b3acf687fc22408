// The Electron host: the sandboxed preload exposes `window.studio` (named
// functions only). Files keep their paths, so nothing is uploaded.
import { API_OPS } from '../../../src-main/api/spec';
import type { JobProgress, StudioApi } from '../../../src-main/api/types';
import type { IpcResult } from '../../../src-main/api/channels';
import type { StudioPreload } from '../../../src-preload/api';
import { HostError, type Host, type OpenImageRequest, type OpenModelRequest } from './Host';

/** What the preload puts on `window.studio`: the preload's own type. */
export type PreloadStudio = StudioPreload;

const REMOTE_PREFIX = /^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/;

/** Every operation of the spec: the envelope's value, or a HostError with its code as sent. */
function wrapApi(studio: PreloadStudio): StudioApi {
  const api: Record<string, (a?: unknown) => Promise<unknown>> = {};
  for (const op of API_OPS) {
    const fn = studio[op] as (a?: unknown) => Promise<IpcResult>;
    api[op] = async (a?: unknown) => {
      let r: IpcResult;
      try {
        r = await fn.call(studio, a);
      } catch (e) {
        // The channel itself failed (no handler, a closed window): Electron's wrapping is not the user's business.
        throw new HostError((e instanceof Error ? e.message : String(e)).replace(REMOTE_PREFIX, ''), 'ipc-failed');
      }
      if (r.ok) return r.value;
      throw new HostError(r.error.message, r.error.code);
    };
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
    // The controller puts the file the model opens by first (host/files.ts); shards, labels and external data sit beside it on disk.
    const main = files[0];
    if (!main) throw new HostError('no model file (model.json, .onnx, .h5, .keras) among the files', 'not-a-model');
    return { path: this.studio.pathForFile(main) };
  }

  async imageRequestFromFile(file: File): Promise<OpenImageRequest> {
    return { path: this.studio.pathForFile(file) };
  }

  close(): void {
    /* the preload owns the IPC channel */
  }
}
