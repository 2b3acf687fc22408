// The Electron host: the sandboxed preload exposes `window.studio` (named
// functions only). Files keep their paths, so nothing is uploaded.
import type { JobProgress, StudioApi } from '../../../src-main/api/types';
import { HostError, type Host, type OpenImageRequest, type OpenModelRequest } from './Host';

/** What the preload puts on `window.studio`. */
export interface PreloadStudio extends StudioApi {
  onProgress(cb: (p: JobProgress) => void): (() => void) | void;
  pickModelFile(): Promise<string | null>;
  pickImageFile(): Promise<string | null>;
  pickProjectSave(suggestedName: string): Promise<string | null>;
  pickProjectOpen(): Promise<string | null>;
  pathForFile(file: File): string;
  onOpenRequest?(cb: (req: { kind: 'model' | 'image'; path: string }) => void): () => void;
}

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

function wrapApi(studio: PreloadStudio): StudioApi {
  const wrap =
    <A, R>(fn: (a: A) => Promise<R>) =>
    (a: A) =>
      fn.call(studio, a).catch((e: unknown) => Promise.reject(cleanError(e)));
  return {
    info: () => studio.info().catch((e: unknown) => Promise.reject(cleanError(e))),
    methods: () => studio.methods().catch((e: unknown) => Promise.reject(cleanError(e))),
    demos: () => studio.demos().catch((e: unknown) => Promise.reject(cleanError(e))),
    openModel: wrap(studio.openModel),
    openImage: wrap(studio.openImage),
    imagePixels: wrap(studio.imagePixels),
    closeModel: wrap(studio.closeModel),
    closeImage: wrap(studio.closeImage),
    predict: wrap(studio.predict),
    explain: wrap(studio.explain),
    cancel: wrap(studio.cancel),
    classModel: wrap(studio.classModel),
    classModelUpdate: wrap(studio.classModelUpdate),
    classModelControl: wrap(studio.classModelControl),
    localize: wrap(studio.localize),
    localizeEvaluate: wrap(studio.localizeEvaluate),
    evaluate: wrap(studio.evaluate),
    sanity: wrap(studio.sanity),
    tcav: wrap(studio.tcav),
    bim: wrap(studio.bim),
    scoreMasked: wrap(studio.scoreMasked),
    segments: wrap(studio.segments),
    experimentLog: () => studio.experimentLog().catch((e: unknown) => Promise.reject(cleanError(e))),
    addExperiment: wrap(studio.addExperiment),
    deleteExperiments: wrap(studio.deleteExperiments),
    saveProject: wrap(studio.saveProject),
    openProject: wrap(studio.openProject),
    recentProjects: () => studio.recentProjects().catch((e: unknown) => Promise.reject(cleanError(e))),
    autosave: wrap(studio.autosave),
    autosaveStatus: () => studio.autosaveStatus().catch((e: unknown) => Promise.reject(cleanError(e))),
    restoreAutosave: () => studio.restoreAutosave().catch((e: unknown) => Promise.reject(cleanError(e))),
    discardAutosave: () => studio.discardAutosave().catch((e: unknown) => Promise.reject(cleanError(e))),
    markCleanExit: () => studio.markCleanExit().catch((e: unknown) => Promise.reject(cleanError(e))),
  };
}

export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  readonly api: StudioApi;

  constructor(private readonly studio: PreloadStudio) {
    this.api = wrapApi(studio);
  }

  onProgress(cb: (p: JobProgress) => void): () => void {
    const off = this.studio.onProgress(cb);
    return typeof off === 'function' ? off : () => undefined;
  }

  onOpenRequest(cb: (req: { kind: 'model' | 'image'; path: string }) => void): () => void {
    return this.studio.onOpenRequest?.(cb) ?? (() => undefined);
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
