// Projects on disk, for every host (engine/client.ts composes it into the
// backend, so Electron IPC and the web host share this one code path):
// atomic saves, strict opens that keep a copy of a corrupt file, the recent
// list, and the autosave slot with its marker (autosave-marker.ts). The
// encoding, writing, reading and decoding of project files run in the store's
// codec worker (codec-client.ts), off the host's event loop; this file keeps
// the rules about where, which are cheap.
//
// Paths: a host may only read or write where the user pointed — a native
// dialog's result (Electron grants it), an entry of the recent list, or the
// projects folder `<data dir>/projects` (the web host, which has no dialogs,
// saves there by name). Anything else is refused.
//
// Our own folders (the data folder and `projects/`) are owner-only (they hold
// patients' images), and a file there must be a regular file: a symlink is
// refused before any read or write, since the atomic writer resolves links and
// would overwrite the link's target, and an open would read (and copy) it.
import { chmod, lstat, mkdir, readdir, realpath, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFile } from 'atomically';
import { StudioError } from '../api/errors';
import type {
  AutosaveStatus,
  OpenProjectRequest,
  ProjectApi,
  ProjectEntry,
  ProjectList,
  ProjectOpened,
  ProjectSnapshot,
  SavedProject,
  SaveProjectRequest,
} from '../api/project-types';
import { experimentsFile } from '../masking/experiments';
import { readRegularFile } from '../core/safe-read';
import { loadJson, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, removeStaleTemps, saveJson } from '../core/json-file';
import { APP_VERSION, PROJECT_EXT, type DecodedProject } from '../shared/project/format';
import { markerNames, markerText, MAX_MARKER_BYTES, type MarkerNames } from './autosave-marker';
import { MAX_PROJECT_BYTES, tooLarge, type ProjectCodec } from './codec';
import { WorkerCodec } from './codec-client';

export { MAX_PROJECT_BYTES };
export const MAX_RECENT_PROJECTS = 10;
/** Ten paths; a megabyte is far more than a real list holds. */
const MAX_RECENT_BYTES = 1024 * 1024;
/** Temporary files older than this are a killed write's leftovers, not one under way in another process. */
const STALE_TEMP_MS = 60_000;

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return dirname(experimentsFile(env));
}

const isProjectPath = (p: string): boolean => p.toLowerCase().endsWith(PROJECT_EXT);
const projectName = (p: string): string => basename(p).replace(/\.ssproj$/i, '');
const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * Characters that hide or reorder what a name shows: C0, DEL and C1 controls,
 * the bidi marks, embeddings, overrides and isolates (with U+202E,
 * "x\u202Egpj.ssproj" displays as "xjpg.ssproj"), and line separators.
 */
const HIDDEN_CHARS = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const HIDDEN_CHARS_ALL = new RegExp(HIDDEN_CHARS.source, 'gu');
const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
/** A name as an error message may show it: hidden characters spelled out, so the message cannot mislead either. */
const shownName = (name: string): string => name.slice(0, 100).replace(HIDDEN_CHARS_ALL, (c) => `<${codePoint(c)}>`);

/** A file name for the projects folder: no separators, no dot files, no control or text-direction characters. */
export function safeProjectName(name: string): string {
  const hidden = HIDDEN_CHARS.exec(name);
  if (hidden) {
    throw new StudioError(
      'bad-name',
      `"${shownName(name)}" cannot be a project name: it contains ${codePoint(hidden[0])}, an invisible control or text-direction character that can make a name display as something else`,
    );
  }
  const n = name
    .trim()
    .replace(/\.ssproj$/i, '')
    .trim();
  if (!n || n.length > 100 || n.startsWith('.') || /[/\\:*?"<>|]/.test(n)) {
    throw new StudioError(
      'bad-name',
      `"${shownName(name)}" cannot be a project name: use up to 100 characters without / \\ : * ? " < > | and not starting with a dot`,
    );
  }
  return n;
}

interface RecentFile {
  version: 1;
  paths: string[];
}

function validRecent(v: unknown): RecentFile {
  const paths = (v as { paths?: unknown } | null)?.paths;
  if (!Array.isArray(paths)) throw new StudioError('corrupt', 'not a recent-projects list ({version, paths})');
  return { version: 1, paths: paths.filter((p): p is string => typeof p === 'string' && p.length > 0) };
}

export interface ProjectStoreOptions {
  dir?: string;
  appVersion?: string;
  now?: () => Date;
  /** Where project files are encoded and decoded (default: a worker thread of this store's own). */
  codec?: ProjectCodec;
}

// The small autosave marker is written here; an explicit mode also tightens a file an older version wrote 0644.
const atomicWrite = (path: string, text: string): Promise<void> => writeFile(path, text, { encoding: 'utf8', fsync: true, mode: PRIVATE_FILE_MODE });

/** Folders this creates are owner-only (an existing folder the user chose is left as it is). */
const mkdirPrivate = (dir: string) => mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });

/** One of our folders that an older version made 0755 becomes owner-only (a link is left alone). */
async function tightenDir(dir: string): Promise<boolean> {
  const s = await lstat(dir).catch(() => null);
  if (!s?.isDirectory()) return false;
  if ((s.mode & 0o077) !== 0 && s.uid === process.getuid?.()) await chmod(dir, PRIVATE_DIR_MODE).catch(() => undefined);
  return true;
}

/** The store owns its codec worker (codec-client.ts); `close()` ends it. */
export class ProjectStore implements ProjectApi {
  readonly dir: string;
  readonly projectsDir: string;
  readonly recentFile: string;
  readonly autosaveFile: string;
  /** Present while the autosave holds work in no project file and was not dismissed (autosave-marker.ts). */
  readonly pendingFile: string;
  private readonly grants = new Set<string>();
  private readonly now: () => Date;
  private readonly appVersion: string;
  private readonly codec: ProjectCodec;
  /** File operations run one after another: two quick saves never race on the recent list. */
  private queue: Promise<unknown> = Promise.resolve();
  private started: Promise<void> | null = null;

  constructor(opts: ProjectStoreOptions = {}) {
    this.dir = resolve(opts.dir ?? dataDir());
    this.projectsDir = join(this.dir, 'projects');
    this.recentFile = join(this.dir, 'recent-projects.json');
    this.autosaveFile = join(this.dir, `autosave${PROJECT_EXT}`);
    this.pendingFile = join(this.dir, 'autosave.pending');
    this.now = opts.now ?? (() => new Date());
    this.appVersion = opts.appVersion ?? APP_VERSION;
    this.codec = opts.codec ?? new WorkerCodec();
  }

  /** After the operations under way: ends the codec worker (a later operation starts a new one). */
  close(): Promise<void> {
    const closed = this.queue.then(() => this.codec.close());
    this.queue = closed.catch(() => undefined);
    return closed;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = () => this.start().then(op);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Once, before the first operation: tightens folders an older version made
   * 0755 and removes temporary files a killed write left behind (atomically
   * cleans its own only on a normal exit). Never fails an operation.
   */
  private start(): Promise<void> {
    return (this.started ??= (async () => {
      for (const d of [this.dir, this.projectsDir]) if (await tightenDir(d)) await removeStaleTemps(d, STALE_TEMP_MS);
    })().catch(() => undefined));
  }

  /** A path the user picked in a native dialog (Electron main process only; never reachable from a page). */
  grant(path: string): void {
    this.grants.add(resolve(path));
  }

  // ---- recent list ----------------------------------------------------------

  private async recentPaths(): Promise<string[]> {
    const got = await loadJson(this.recentFile, validRecent, new Date(), { maxBytes: MAX_RECENT_BYTES });
    const kept: string[] = [];
    for (const p of got.value?.paths ?? []) if (!kept.includes(p) && (await exists(p))) kept.push(p);
    return kept.slice(0, MAX_RECENT_PROJECTS);
  }

  private async pushRecent(path: string): Promise<void> {
    const paths = [path, ...(await this.recentPaths()).filter((p) => p !== path)].slice(0, MAX_RECENT_PROJECTS);
    await mkdirPrivate(this.dir);
    await saveJson(this.recentFile, { version: 1, paths } satisfies RecentFile);
  }

  private async entry(path: string): Promise<ProjectEntry | null> {
    // In our folders a symlink is not a project (open refuses it), so it is not listed.
    const s = await (this.ours(path) ? lstat(path) : stat(path)).catch(() => null);
    return s?.isFile() ? { path, name: projectName(path), modified: s.mtime.toISOString() } : null;
  }

  recentProjects(): Promise<ProjectList> {
    return this.serial(async () => {
      const recent = (await Promise.all((await this.recentPaths()).map((p) => this.entry(p)))).filter((e): e is ProjectEntry => e !== null);
      const names = await readdir(this.projectsDir).catch(() => [] as string[]);
      const inFolder = (await Promise.all(names.filter(isProjectPath).map((n) => this.entry(join(this.projectsDir, n)))))
        .filter((e): e is ProjectEntry => e !== null)
        .sort((a, b) => b.modified.localeCompare(a.modified));
      const autosave = await this.entry(this.autosaveFile);
      return { recent, folder: this.projectsDir, inFolder, autosave: autosave && { savedAt: autosave.modified } };
    });
  }

  // ---- paths ----------------------------------------------------------------

  /** The absolute path a request names, refused unless the user chose it. */
  private async allowedPath(req: { path?: string; name?: string }): Promise<string> {
    if (typeof req.name === 'string') return join(this.projectsDir, `${safeProjectName(req.name)}${PROJECT_EXT}`);
    if (typeof req.path !== 'string' || !req.path) throw new StudioError('bad-request', 'a project needs a path or a name');
    const p = resolve(req.path);
    if (!isProjectPath(p)) throw new StudioError('forbidden-path', `${basename(p)}: a project file ends in ${PROJECT_EXT}`);
    if (this.grants.has(p) || dirname(p) === this.projectsDir || (await this.recentPaths()).includes(p)) return p;
    throw new StudioError(
      'forbidden-path',
      `${p}: not a project location you chose — use Open project… / Save as…, the recent list, or the projects folder ${this.projectsDir}`,
    );
  }

  /** In the data folder or the projects folder, where the rules for our own files apply. */
  private ours(path: string): boolean {
    return dirname(path) === this.dir || dirname(path) === this.projectsDir;
  }

  /**
   * The projects folder must be a folder of its own, not a link (dangling or
   * not) to one elsewhere. The data folder itself may be a link: users move it.
   */
  private async checkFolder(dir: string): Promise<void> {
    if (dir !== this.projectsDir) return;
    const s = await lstat(dir).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    });
    if (!s) return;
    const ok = s.isDirectory() && (await realpath(dir)) === join(await realpath(this.dir), 'projects');
    if (!ok)
      throw new StudioError(
        'symlink-refused',
        `${dir}: the projects folder is a link or does not resolve inside ${this.dir}; Saliency Studio does not read or write projects through it`,
      );
  }

  /**
   * What a read or a write may find at `path`: nothing or a regular file. In
   * our folders a symlink is refused (code symlink-refused) and the folder is
   * checked; a path the user chose elsewhere is theirs, links included.
   */
  private async checkPath(path: string): Promise<Stats | null> {
    const mine = this.ours(path);
    if (mine) await this.checkFolder(dirname(path));
    const s = await (mine ? lstat(path) : stat(path)).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StudioError('read-failed', `${basename(path)}: cannot check (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    });
    if (s?.isSymbolicLink()) {
      throw new StudioError(
        'symlink-refused',
        `${basename(path)}: is a symbolic link; a project in ${dirname(path)} must be a regular file, so that saving or opening it cannot reach a file elsewhere`,
      );
    }
    if (s && !s.isFile()) throw new StudioError('not-a-file', `${basename(path)}: is not a regular file`);
    return s;
  }

  // ---- save and open ----------------------------------------------------------

  private opened(d: DecodedProject, path: string | null, name: string): ProjectOpened {
    return { project: d.project, path, name, savedAt: d.savedAt, appVersion: d.appVersion };
  }

  saveProject(req: SaveProjectRequest): Promise<SavedProject> {
    return this.serial(async () => {
      const path = await this.allowedPath(req);
      const savedAt = this.now().toISOString();
      await mkdirPrivate(dirname(path));
      await this.checkPath(path);
      const { bytes } = await this.codec.save({ path, project: req.project, meta: { savedAt, appVersion: this.appVersion } });
      await this.pushRecent(path);
      // The session's work is on disk: a reload or crash from here on has nothing newer to restore.
      await this.unmark();
      return { path, name: projectName(path), savedAt, bytes };
    });
  }

  /**
   * One project file, decoded by the codec. One that does not parse or
   * validate is reported (code corrupt-project) and a copy of it is kept
   * beside it; the user's own file is copied, not moved, so it stays where
   * they keep it. The autosave slot is ours and is moved aside.
   */
  private async read(path: string, moveAside: boolean): Promise<DecodedProject> {
    const s = await this.checkPath(path);
    if (!s) throw new StudioError('not-found', `${path}: no such project file`);
    if (s.size > MAX_PROJECT_BYTES) throw tooLarge(basename(path), s.size);
    return this.codec.read({ path, moveAside, now: this.now().toISOString() });
  }

  openProject(req: OpenProjectRequest): Promise<ProjectOpened> {
    return this.serial(async () => {
      // An upload is a copy already: the user's file stays on their disk untouched.
      // The opened project replaces what is on screen: the autosave is older than it, no longer the last session
      // (it stays under Recent until the next autosave).
      if (req.file) {
        const parsed = await this.codec.parse({ name: req.file.name, bytes: req.file.bytes });
        await this.unmark();
        return this.opened(parsed, null, projectName(req.file.name));
      }
      const path = await this.allowedPath(req);
      const decoded = await this.read(path, false);
      await this.pushRecent(path);
      await this.unmark();
      return this.opened(decoded, path, projectName(path));
    });
  }

  // ---- autosave -----------------------------------------------------------------

  autosave(req: { project: ProjectSnapshot }): Promise<{ savedAt: string }> {
    return this.serial(async () => {
      const savedAt = this.now().toISOString();
      await mkdirPrivate(this.dir);
      await this.checkPath(this.autosaveFile);
      await this.checkPath(this.pendingFile);
      await this.codec.save({ path: this.autosaveFile, project: req.project, meta: { savedAt, appVersion: this.appVersion } });
      await atomicWrite(this.pendingFile, markerText(req.project, savedAt, process.pid));
      return { savedAt };
    });
  }

  private unmark(): Promise<void> {
    return unlink(this.pendingFile).catch(() => undefined);
  }

  /** The marker's names; null without a marker (a regular file: a link there is not ours). */
  private async marker(): Promise<MarkerNames | null> {
    const s = await lstat(this.pendingFile).catch(() => null);
    if (!s?.isFile()) return null;
    const bytes = await readRegularFile(this.pendingFile, { maxBytes: MAX_MARKER_BYTES, label: 'autosave.pending' }).catch(() => null);
    return bytes ? markerNames(bytes.toString('utf8')) : { model: null, image: null };
  }

  autosaveStatus(): Promise<AutosaveStatus> {
    return this.serial(async () => {
      const s = await stat(this.autosaveFile).catch(() => null);
      const marker = s?.isFile() ? await this.marker() : null;
      return { offer: !!marker, savedAt: s ? s.mtime.toISOString() : null, model: marker?.model ?? null, image: marker?.image ?? null };
    });
  }

  restoreAutosave(): Promise<ProjectOpened> {
    return this.serial(async () => {
      return this.opened(await this.read(this.autosaveFile, true), null, 'Last session');
    });
  }

  /** Not offered again; the file stays, listed under Recent, until the next autosave replaces it. */
  dismissAutosave(): Promise<{ dismissed: boolean }> {
    return this.serial(async () => {
      const had = (await this.marker()) !== null;
      await this.unmark();
      return { dismissed: had };
    });
  }
}
