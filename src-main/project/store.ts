// Projects on disk, for every host (engine/client.ts composes it into the
// backend, so Electron IPC and the web host share this one code path):
// atomic saves, strict opens that keep a copy of a corrupt file, the recent
// list, and the autosave slot with its "did not exit cleanly" marker.
//
// Paths: a host may only read or write where the user pointed — a native
// dialog's result (Electron grants it), an entry of the recent list, or the
// projects folder `<data dir>/projects` (the web host, which has no dialogs,
// saves there by name). Anything else is refused.
import { copyFile, mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFile } from 'atomically';
import { StudioError } from '../api/errors';
import type { UploadedFile } from '../api/types';
import type {
  AutosaveStatus, OpenProjectRequest, ProjectApi, ProjectEntry, ProjectList, ProjectOpened, ProjectSnapshot, SavedProject,
  SaveProjectRequest,
} from '../api/project-types';
import { experimentsFile } from '../masking/experiments';
import { loadJson, saveJson } from '../shared/json-file';
import { APP_VERSION, parseProject, PROJECT_EXT, projectText } from './format';
import { ProjectFormatError } from './validate';

export const MAX_RECENT_PROJECTS = 10;
/** Larger files are refused before reading: no real project comes near it. */
export const MAX_PROJECT_BYTES = 512 * 1024 * 1024;

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return dirname(experimentsFile(env));
}

const stamp = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');
const isProjectPath = (p: string): boolean => p.toLowerCase().endsWith(PROJECT_EXT);
const projectName = (p: string): string => basename(p).replace(/\.ssproj$/i, '');
const exists = (p: string): Promise<boolean> => stat(p).then((s) => s.isFile(), () => false);

/** A file name for the projects folder: no separators, no dot files, no control characters. */
export function safeProjectName(name: string): string {
  const n = name.trim().replace(/\.ssproj$/i, '').trim();
  // eslint-disable-next-line no-control-regex
  if (!n || n.length > 100 || n.startsWith('.') || /[/\\:*?"<>|\u0000-\u001f]/.test(n)) {
    throw new StudioError('bad-name', `"${name.slice(0, 100)}" cannot be a project name: use up to 100 characters without / \\ : * ? " < > | and not starting with a dot`);
  }
  return n;
}

interface RecentFile {
  version: 1;
  paths: string[];
}

function validRecent(v: unknown): RecentFile {
  const paths = (v as { paths?: unknown } | null)?.paths;
  if (!Array.isArray(paths)) throw new Error('not a recent-projects list ({version, paths})');
  return { version: 1, paths: paths.filter((p): p is string => typeof p === 'string' && p.length > 0) };
}

export interface ProjectStoreOptions {
  dir?: string;
  appVersion?: string;
  now?: () => Date;
  /** The atomic writer (tests inject a failing one). */
  write?: (path: string, text: string) => Promise<void>;
}

const atomicWrite = (path: string, text: string): Promise<void> => writeFile(path, text, { encoding: 'utf8', fsync: true });

export class ProjectStore implements ProjectApi {
  readonly dir: string;
  readonly projectsDir: string;
  readonly recentFile: string;
  readonly autosaveFile: string;
  /** Present while a session has autosaved and not exited cleanly. */
  readonly pendingFile: string;
  private readonly grants = new Set<string>();
  private readonly now: () => Date;
  private readonly appVersion: string;
  private readonly write: (path: string, text: string) => Promise<void>;
  /** File operations run one after another: two quick saves never race on the recent list. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: ProjectStoreOptions = {}) {
    this.dir = resolve(opts.dir ?? dataDir());
    this.projectsDir = join(this.dir, 'projects');
    this.recentFile = join(this.dir, 'recent-projects.json');
    this.autosaveFile = join(this.dir, `autosave${PROJECT_EXT}`);
    this.pendingFile = join(this.dir, 'autosave.pending');
    this.now = opts.now ?? (() => new Date());
    this.appVersion = opts.appVersion ?? APP_VERSION;
    this.write = opts.write ?? atomicWrite;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A path the user picked in a native dialog (Electron main process only; never reachable from a page). */
  grant(path: string): void {
    this.grants.add(resolve(path));
  }

  // ---- recent list ----------------------------------------------------------

  private async recentPaths(): Promise<string[]> {
    const got = await loadJson(this.recentFile, validRecent);
    const kept: string[] = [];
    for (const p of got.value?.paths ?? []) if (!kept.includes(p) && (await exists(p))) kept.push(p);
    return kept.slice(0, MAX_RECENT_PROJECTS);
  }

  private async pushRecent(path: string): Promise<void> {
    const paths = [path, ...(await this.recentPaths()).filter((p) => p !== path)].slice(0, MAX_RECENT_PROJECTS);
    await mkdir(this.dir, { recursive: true });
    await saveJson(this.recentFile, { version: 1, paths } satisfies RecentFile);
  }

  private async entry(path: string): Promise<ProjectEntry | null> {
    const s = await stat(path).catch(() => null);
    return s?.isFile() ? { path, name: projectName(path), modified: s.mtime.toISOString() } : null;
  }

  recentProjects(): Promise<ProjectList> {
    return this.serial(async () => {
      const recent = (await Promise.all((await this.recentPaths()).map((p) => this.entry(p)))).filter((e): e is ProjectEntry => e !== null);
      const names = await readdir(this.projectsDir).catch(() => [] as string[]);
      const inFolder = (await Promise.all(names.filter(isProjectPath).map((n) => this.entry(join(this.projectsDir, n)))))
        .filter((e): e is ProjectEntry => e !== null)
        .sort((a, b) => b.modified.localeCompare(a.modified));
      return { recent, folder: this.projectsDir, inFolder };
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
    throw new StudioError('forbidden-path', `${p}: not a project location you chose — use Open project… / Save as…, the recent list, or the projects folder ${this.projectsDir}`);
  }

  // ---- save and open ----------------------------------------------------------

  private text(project: ProjectSnapshot, savedAt: string): string {
    try {
      return projectText(project, { savedAt, appVersion: this.appVersion });
    } catch (e) {
      if (e instanceof ProjectFormatError) throw new StudioError(/embeds at most/.test(e.message) ? 'project-too-large' : 'bad-project', `cannot save the project: ${e.message}`);
      throw e;
    }
  }

  saveProject(req: SaveProjectRequest): Promise<SavedProject> {
    return this.serial(async () => {
      const path = await this.allowedPath(req);
      const savedAt = this.now().toISOString();
      const text = this.text(req.project, savedAt);
      await mkdir(dirname(path), { recursive: true });
      await this.write(path, text);
      await this.pushRecent(path);
      // The session's work is on disk: a crash from here on has nothing newer to restore.
      await unlink(this.pendingFile).catch(() => undefined);
      return { path, name: projectName(path), savedAt, bytes: Buffer.byteLength(text) };
    });
  }

  /**
   * Reads and decodes one project file. One that does not parse or validate
   * is reported (code corrupt-project) and a copy of it is kept beside it
   * (`<name>.corrupt-<time>`); the user's own file is copied, not moved, so
   * it stays where they keep it. The autosave slot is ours and is moved aside.
   */
  private async read(path: string, moveAside: boolean): Promise<ProjectOpened> {
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) throw new StudioError('not-found', `${path}: no such project file`);
    if (s.size > MAX_PROJECT_BYTES) throw new StudioError('project-too-large', `${basename(path)}: ${(s.size / 2 ** 20).toFixed(0)} MiB, more than a project may hold (${MAX_PROJECT_BYTES / 2 ** 20} MiB)`);
    const text = await readFile(path, 'utf8');
    try {
      const d = parseProject(text);
      return { project: d.project, path, name: projectName(path), savedAt: d.savedAt, appVersion: d.appVersion };
    } catch (e) {
      if (!(e instanceof ProjectFormatError)) throw e;
      const backup = `${path}.corrupt-${stamp(this.now())}`;
      await (moveAside ? rename(path, backup) : copyFile(path, backup));
      const kept = moveAside ? `it was moved to ${backup}` : `the file was left as it is, and a copy kept as ${backup}`;
      throw new StudioError('corrupt-project', `${basename(path)} cannot be opened: ${e.message}; ${kept}`);
    }
  }

  private fromUpload(file: UploadedFile): ProjectOpened {
    if (file.bytes.length > MAX_PROJECT_BYTES) throw new StudioError('project-too-large', `${file.name}: more than a project may hold`);
    try {
      const d = parseProject(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).toString('utf8'));
      return { project: d.project, path: null, name: projectName(file.name), savedAt: d.savedAt, appVersion: d.appVersion };
    } catch (e) {
      if (!(e instanceof ProjectFormatError)) throw e;
      // An upload is a copy already: the user's file stays on their disk untouched.
      throw new StudioError('corrupt-project', `${file.name} cannot be opened: ${e.message}; your file was not changed`);
    }
  }

  openProject(req: OpenProjectRequest): Promise<ProjectOpened> {
    return this.serial(async () => {
      if (req.file) return this.fromUpload(req.file);
      const path = await this.allowedPath(req);
      const opened = await this.read(path, false);
      await this.pushRecent(path);
      return opened;
    });
  }

  // ---- autosave -----------------------------------------------------------------

  autosave(req: { project: ProjectSnapshot }): Promise<{ savedAt: string }> {
    return this.serial(async () => {
      const savedAt = this.now().toISOString();
      const text = this.text(req.project, savedAt);
      await mkdir(this.dir, { recursive: true });
      await this.write(this.autosaveFile, text);
      await this.write(this.pendingFile, `${JSON.stringify({ savedAt, pid: process.pid })}\n`);
      return { savedAt };
    });
  }

  autosaveStatus(): Promise<AutosaveStatus> {
    return this.serial(async () => {
      const s = await stat(this.autosaveFile).catch(() => null);
      const offer = !!s?.isFile() && (await exists(this.pendingFile));
      return { offer, savedAt: s ? s.mtime.toISOString() : null };
    });
  }

  restoreAutosave(): Promise<ProjectOpened> {
    return this.serial(async () => {
      const opened = await this.read(this.autosaveFile, true);
      return { ...opened, path: null, name: 'Last session' };
    });
  }

  discardAutosave(): Promise<{ discarded: boolean }> {
    return this.serial(async () => {
      const had = await exists(this.autosaveFile);
      await Promise.all([unlink(this.autosaveFile).catch(() => undefined), unlink(this.pendingFile).catch(() => undefined)]);
      return { discarded: had };
    });
  }

  markCleanExit(): Promise<{ ok: true }> {
    return this.serial(async () => {
      await unlink(this.pendingFile).catch(() => undefined);
      return { ok: true as const };
    });
  }
}
