// The type of `window.studio` as the preload exposes it. Types only, so the
// renderer may import it (`import type { StudioPreload } from '../../src-preload/api'`).
// Every StudioApi operation resolves to its channel's envelope, {ok, value} or {ok: false, error: {code, message}}.
import type { JobProgress, StudioApi } from '../src-main/api/types';
import type { ApiOp } from '../src-main/api/types';
import type { DisplayPrefs, IpcResult, OpenRequest } from '../src-main/api/channels';

export type { DisplayPrefs, OpenRequest };

/** Each operation of StudioApi, answering with its envelope (the renderer's ElectronHost unwraps it). */
export type PreloadApi = { [K in ApiOp]: (req?: Parameters<StudioApi[K]>[0]) => Promise<IpcResult<Awaited<ReturnType<StudioApi[K]>>>> };

export interface StudioPreload extends PreloadApi {
  /** Progress of jobs this window started; returns an unsubscribe function. */
  onProgress(cb: (p: JobProgress) => void): () => void;
  /** Menu-initiated opens; returns an unsubscribe function. */
  onOpenRequest(cb: (req: OpenRequest) => void): () => void;
  /** Native open dialogs: an absolute path, or null when cancelled. */
  pickModelFile(): Promise<string | null>;
  pickImageFile(): Promise<string | null>;
  /** Project dialogs: the chosen .ssproj path (granted to the project store), or null when cancelled. */
  pickProjectSave(suggestedName: string): Promise<string | null>;
  pickProjectOpen(): Promise<string | null>;
  /** Absolute path of a dropped or <input type=file> File ('' when it has none). */
  pathForFile(file: File): string;
  getDisplayPrefs(): Promise<DisplayPrefs>;
  /** Merges and stores; resolves to what was stored after validation. */
  setDisplayPrefs(p: DisplayPrefs): Promise<DisplayPrefs>;
}
