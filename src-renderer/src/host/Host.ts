// One Host interface, two implementations (Electron preload, loopback web host),
// chosen once at start. The rest of the renderer talks only to this interface.
// Anchor: Netron's browser.js / desktop.mjs hosts behind view.js.
import type { JobProgress, PreprocessSpec, StudioApi, UploadedFile } from '../../../src-main/api/types';

export interface OpenModelRequest {
  path?: string;
  files?: UploadedFile[];
  preprocess?: Partial<PreprocessSpec>;
}

export interface OpenImageRequest {
  path?: string;
  file?: UploadedFile;
  /** A multi-frame DICOM's frame (0-based). */
  frame?: number;
}

export type HostKind = 'electron' | 'web';

export interface Host {
  readonly kind: HostKind;
  /** The one table of engine operations. Every call may reject with an Error carrying `code`. */
  readonly api: StudioApi;
  /** Job progress events for every running job; returns an unsubscribe function. */
  onProgress(cb: (p: JobProgress) => void): () => void;
  /**
   * Native file dialogs (Electron only). Resolve to an open request, or null when
   * the user cancelled. Absent in the browser: the UI falls back to <input type=file>.
   */
  pickModel?(): Promise<OpenModelRequest | null>;
  pickImage?(): Promise<OpenImageRequest | null>;
  /** Native project dialogs (Electron only): a .ssproj path the host may then read or write, or null. */
  pickProjectSave?(suggestedName: string): Promise<string | null>;
  pickProjectOpen?(): Promise<string | null>;
  /** The file's path on disk, where the host knows it (Electron); null in the browser. */
  pathForFile?(file: File): string | null;
  /** A model's files from an <input type=file> or a drop, the file it opens by first (host/files.ts routeFiles): model.json with its shards and labels, an .onnx, a Keras file. */
  modelRequestFromFiles(files: File[]): Promise<OpenModelRequest>;
  /** One image file (raster or DICOM) from an <input type=file> or a drop. */
  imageRequestFromFile(file: File): Promise<OpenImageRequest>;
  /** Files the desktop menu (Open…, Recent) asks the page to open (Electron only). */
  onOpenRequest?(cb: (req: { kind: 'model' | 'image'; path: string }) => void): () => void;
  close(): void;
}

/** The error every host rejects with: the engine's code plus one clear line. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

export function errorCode(err: unknown): string | null {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return null;
}
