// The masking lab's experiment log, persisted on the engine's side so it
// survives a restart in both hosts: the desktop app points it at Electron's
// userData (SALIENCY_STUDIO_DATA, set by electron/main.ts); `serve` uses the
// same variable or ~/.local/share/saliency-studio. (The web host's page origin
// changes with its random port, so the browser's localStorage would not
// survive a restart.) One JSON file, written atomically; a corrupt one is
// moved aside by core/json-file.ts, never overwritten. Owner-only (0600 in
// a 0700 folder): the rows hold masks and thumbnails of patients' images.
import { StudioError } from '../api/errors';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExperimentRow, NewExperiment } from '../api/types';
import { loadJson, PRIVATE_DIR_MODE, saveJson } from '../core/json-file';
import { MAX_LOG_ROWS, sanitizeRow } from '../api/masking-checks';

/**
 * Read bound: 500 rows of small PNG data URLs are a few MiB in practice; the
 * file is decoded as one JS string, which V8 caps near 512 MiB, so nothing
 * larger could be read anyway (a larger one is moved aside as corrupt).
 */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;

export function experimentsFile(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SALIENCY_STUDIO_DATA || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'saliency-studio');
  return join(dir, 'experiments.json');
}

interface FileShape {
  version: 1;
  rows: ExperimentRow[];
}

function validate(v: unknown): FileShape {
  if (!v || typeof v !== 'object' || !Array.isArray((v as { rows?: unknown }).rows))
    throw new StudioError('corrupt', 'not an experiment log ({version, rows})');
  // Rows a hand edit broke are dropped one by one; the rest of the log stays.
  const rows = (v as { rows: unknown[] }).rows.map(sanitizeRow).filter((r): r is ExperimentRow => r !== null);
  return { version: 1, rows };
}

export class ExperimentStore {
  private rows: ExperimentRow[] | null = null;
  /** Operations run one after another, so two quick adds never race on the file. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when the file on disk was corrupt: where it was moved. */
  recovered: { backup: string; reason: string } | null = null;

  constructor(readonly file: string = experimentsFile()) {}

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<ExperimentRow[]> {
    if (this.rows) return this.rows;
    const got = await loadJson(this.file, validate, new Date(), { maxBytes: MAX_LOG_BYTES });
    this.recovered = got.corrupt ?? null;
    return (this.rows = got.value?.rows ?? []);
  }

  private async save(rows: ExperimentRow[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    await saveJson(this.file, { version: 1, rows } satisfies FileShape);
    this.rows = rows;
  }

  list(): Promise<ExperimentRow[]> {
    return this.serial(async () => [...(await this.load())]);
  }

  /** Appends a row (the oldest go beyond MAX_LOG_ROWS). */
  add(row: NewExperiment, now = new Date()): Promise<ExperimentRow> {
    return this.serial(async () => {
      const full: ExperimentRow = { ...row, id: `exp-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`, time: now.toISOString() };
      const rows = [...(await this.load()), full].slice(-MAX_LOG_ROWS);
      await this.save(rows);
      return full;
    });
  }

  delete(ids?: string[]): Promise<{ deleted: number }> {
    return this.serial(async () => {
      const rows = await this.load();
      const drop = ids ? new Set(ids) : null;
      const kept = drop ? rows.filter((r) => !drop.has(r.id)) : [];
      if (kept.length !== rows.length) await this.save(kept);
      return { deleted: rows.length - kept.length };
    });
  }
}
