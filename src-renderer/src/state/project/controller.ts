// Project intents: save, save as, open (dialog, recent list, projects folder,
// a dropped or picked .ssproj), the autosave timer while there are unsaved
// changes, and the "restore the last session" offer after any reload or
// restart while the autosave holds work in no project file (the host keeps
// that rule: project/autosave-marker.ts). Its small state (name, dirty,
// lists) lives here, apart from the main store.
import type { AutosaveStatus, OpenProjectRequest, ProjectEntry, ProjectList, ProjectOpened, SaveProjectRequest } from '../../../../src-main/api/project-types';
import type { SharedView } from '../../compare/viewSync';
import { errorMessage, type Host } from '../../host/Host';
import { display } from '../actions';
import type { MaskLabState } from '../maskLab';
import { createStore, type Store } from '../store';
import type { StudioState, StudioStore } from '../types';
import { privacyNow } from '../privacy';
import { restoreProject } from './restore';
import { serialiseProject } from './serialise';
import type { Sources } from './sources';

export interface ProjectUiState {
  name: string | null;
  /** Where "Save" writes without asking (null: ask for a place or a name). */
  path: string | null;
  savedAt: string | null;
  dirty: boolean;
  busy: 'saving' | 'opening' | 'restoring' | null;
  list: ProjectList | null;
  /** Shown as the restore banner while `offer.offer` is true. */
  offer: AutosaveStatus | null;
}

export interface ProjectDeps {
  host: Host;
  store: StudioStore;
  sources: Sources;
  lab?: { store: Store<MaskLabState>; apply(f: (s: MaskLabState) => MaskLabState): void } | null;
  view?: { view(): SharedView; setView(v: SharedView): void } | null;
  /** Cancels the running explain job through its owner (the studio controller). */
  cancelJob?: () => Promise<void>;
  /** Autosave period while there are unsaved changes (default AUTOSAVE_MS). */
  autosaveMs?: number;
}

export const AUTOSAVE_MS = 15_000;
const MIN_AUTOSAVE_MS = 100;

/**
 * Test-only knob: `?autosave-ms=<ms>` in the page's URL shortens the autosave
 * period (e2e/restore.spec.ts uses 300 instead of waiting 15 s). Anything
 * that is not an integer of at least 100 is ignored.
 */
export function autosaveMsFromQuery(search: string): number | undefined {
  const v = new URLSearchParams(search).get('autosave-ms');
  const ms = v !== null && /^\d+$/.test(v) ? Number(v) : NaN;
  return ms >= MIN_AUTOSAVE_MS ? ms : undefined;
}

/** What the user would call "their work": everything a project saves, by identity. */
function fingerprint(s: StudioState, lab: MaskLabState | null): unknown[] {
  const c = s.compare;
  return [
    s.model,
    s.image,
    s.methodId,
    s.params,
    s.target,
    s.layer,
    s.overlay,
    s.window,
    s.result,
    c.mode,
    c.rows,
    c.columns,
    c.cells,
    c.style,
    c.target,
    c.windows,
    lab?.history?.data,
    lab?.log,
    lab?.fill,
  ];
}
const same = (a: unknown[], b: unknown[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
const stem = (name: string): string => name.replace(/\.[^.]*$/, '') || 'Untitled';

const patched = (s: ProjectUiState, patch: Partial<ProjectUiState>): ProjectUiState => ({ ...s, ...patch });

export class ProjectController {
  /** The project bar's state; components read it with useStore. */
  readonly store = createStore<ProjectUiState>({ name: null, path: null, savedAt: null, dirty: false, busy: null, list: null, offer: null });
  private clean: unknown[];
  private autosaved: unknown[];
  private timer: ReturnType<typeof setInterval> | null = null;
  private settling = false;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly d: ProjectDeps) {
    this.clean = this.autosaved = this.print();
    this.offs.push(d.store.subscribe(() => this.track()));
    if (d.lab) this.offs.push(d.lab.store.subscribe(() => this.track()));
  }

  private get state(): ProjectUiState {
    return this.store.get();
  }

  private set(patch: Partial<ProjectUiState>): void {
    this.store.set(patched, patch);
  }

  private print(): unknown[] {
    return fingerprint(this.d.store.get(), this.d.lab?.store.get() ?? null);
  }

  /**
   * The app's own start-up (catalog defaults, the start-up demo) is not the
   * user's work: no dirty mark while `startup` runs, and what it leaves is clean.
   */
  async settle(startup: Promise<unknown>): Promise<void> {
    this.settling = true;
    try {
      await startup;
    } finally {
      this.settling = false;
      if (!this.state.path && !this.state.name) {
        this.clean = this.autosaved = this.print();
        this.set({ dirty: false });
      } else this.track();
    }
  }

  private track(): void {
    if (this.settling) return;
    const dirty = !same(this.print(), this.clean);
    if (dirty !== this.state.dirty) this.set({ dirty });
  }

  private fail(what: string, err: unknown): void {
    this.d.store.set(display.failed, `${what}: ${errorMessage(err)}`);
  }

  private snapshot() {
    return serialiseProject({ state: this.d.store.get(), lab: this.d.lab?.store.get() ?? null, view: this.d.view?.view() ?? null, sources: this.d.sources });
  }

  private get api() {
    return this.d.host.api;
  }

  async init(): Promise<void> {
    const ms = this.d.autosaveMs ?? AUTOSAVE_MS;
    if (ms > 0) this.timer = setInterval(() => void this.autosaveNow(), ms);
    try {
      const offer = await this.api.autosaveStatus();
      this.set({ offer });
    } catch (e) {
      this.fail('Could not check for an autosaved session', e);
    }
    await this.refreshList();
  }

  async refreshList(): Promise<void> {
    try {
      this.set({ list: await this.api.recentProjects() });
    } catch (e) {
      this.fail('Could not list the recent projects', e);
    }
  }

  /** The name "Save as" suggests: the project's, else the image's. */
  suggestedName(): string {
    return this.state.name ?? stem(this.d.store.get().image?.name ?? 'Untitled');
  }

  private async saveTo(where: Omit<SaveProjectRequest, 'project'>): Promise<boolean> {
    this.set({ busy: 'saving' });
    try {
      const printed = this.print();
      const saved = await this.api.saveProject({ project: this.snapshot(), ...where, privacy: privacyNow() });
      this.clean = this.autosaved = printed;
      this.set({ name: saved.name, path: saved.path, savedAt: saved.savedAt, dirty: !same(this.print(), printed) });
      void this.refreshList();
      return true;
    } catch (e) {
      this.fail('Could not save the project', e);
      return false;
    } finally {
      this.set({ busy: null });
    }
  }

  /** Saves where the project already lives; without a place, does what "Save as" does (web: needs a name). */
  save(name?: string): Promise<boolean> {
    return this.state.path ? this.saveTo({ path: this.state.path }) : this.saveAs(name);
  }

  /** Electron: a native save dialog. Web: a name in the host's projects folder. */
  async saveAs(name?: string): Promise<boolean> {
    if (this.d.host.pickProjectSave) {
      const path = await this.d.host.pickProjectSave(this.suggestedName()).catch((e: unknown) => (this.fail('Could not show the save dialog', e), null));
      return path ? this.saveTo({ path }) : false;
    }
    if (!name?.trim()) return false;
    return this.saveTo({ name: name.trim() });
  }

  private async openWith(busy: ProjectUiState['busy'], get: () => Promise<ProjectOpened>): Promise<boolean> {
    if (this.state.busy) return false;
    this.set({ busy });
    try {
      const opened = await get();
      await this.d.cancelJob?.();
      await restoreProject({ api: this.api, store: this.d.store, lab: this.d.lab, view: this.d.view }, opened.project);
      this.clean = this.autosaved = this.print();
      this.set({ name: opened.name, path: opened.path, savedAt: opened.savedAt, dirty: false });
      void this.refreshList();
      return true;
    } catch (e) {
      this.fail(busy === 'restoring' ? 'Could not restore the last session' : 'Could not open the project', e);
      return false;
    } finally {
      this.set({ busy: null });
    }
  }

  open(req: OpenProjectRequest): Promise<boolean> {
    return this.openWith('opening', () => this.api.openProject(req));
  }

  /** Electron: a native open dialog (absent in the browser, which uses a file input → openFile). */
  async openDialog(): Promise<boolean> {
    if (!this.d.host.pickProjectOpen) return false;
    const path = await this.d.host.pickProjectOpen().catch((e: unknown) => (this.fail('Could not show the open dialog', e), null));
    return path ? this.open({ path }) : false;
  }

  openEntry(e: ProjectEntry): Promise<boolean> {
    return this.open({ path: e.path });
  }

  /** A picked or dropped .ssproj: its bytes (a dropped path was not chosen through a dialog the host can vouch for). */
  async openFile(file: File): Promise<boolean> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return this.open({ file: { name: file.name, bytes } });
  }

  async restoreLast(): Promise<boolean> {
    const ok = await this.openWith('restoring', () => this.api.restoreAutosave());
    if (ok) {
      // Restored work is in no project yet: it stays unsaved (and keeps being autosaved).
      this.clean = [];
      this.set({ name: null, path: null, dirty: true });
    }
    this.set({ offer: null });
    return ok;
  }

  /** Not offered again; the autosave stays under Recent until this session's first autosave replaces it. */
  async dismissLast(): Promise<void> {
    this.set({ offer: null });
    await this.api.dismissAutosave().catch((e: unknown) => this.fail('Could not dismiss the autosaved session', e));
  }

  /**
   * Writes the autosave slot when something changed since the last one (and
   * there is something to save). Not while the last session is on offer: the
   * slot holds it until the user restores or dismisses it.
   */
  async autosaveNow(): Promise<boolean> {
    const printed = this.print();
    const s = this.d.store.get();
    if (this.state.offer?.offer) return false;
    if (this.state.busy || same(printed, this.autosaved) || !this.state.dirty || (!s.model && s.compare.rows.length === 0)) return false;
    try {
      await this.api.autosave({ project: this.snapshot(), privacy: privacyNow() });
      this.autosaved = printed;
      return true;
    } catch {
      // Autosave is best effort (e.g. an upload over the embedding cap); an explicit save reports why.
      this.autosaved = printed;
      return false;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.offs.splice(0)) off();
  }
}
