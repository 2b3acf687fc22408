// rows.jsonl: the run's results, one complete JSON line per sample, each
// appended with one write and fsync'd, so a run killed at any point leaves
// whole lines plus at most one partial last line, which opening cuts away.
import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { StudioError } from '../../api/errors';

export const ROWS_FILE = 'rows.jsonl';

/** The whole lines of a rows file; a trailing partial line (a kill mid-write) is truncated off the file. */
export async function readRows<T extends { id: string }>(path: string, repair = true): Promise<T[]> {
  const buf = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  });
  const end = buf.lastIndexOf(0x0a) + 1;
  if (end < buf.length && repair) await truncate(path, end);
  const out: T[] = [];
  for (const [i, line] of buf.subarray(0, end).toString('utf8').split('\n').entries()) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      throw new StudioError('bad-request', `${path}: line ${i + 1} is not JSON (the file was edited?); start over with --fresh`);
    }
  }
  return out;
}

/** An append-only rows file. */
export class RowLog {
  private constructor(private readonly fh: FileHandle) {}

  /** Opens (creating) `path` for appending, after cutting a partial last line; returns the rows already there. */
  static async open<T extends { id: string }>(path: string): Promise<{ log: RowLog; rows: T[] }> {
    const rows = await readRows<T>(path);
    return { log: new RowLog(await open(path, 'a')), rows };
  }

  /** One row as one line: a single write, then fsync, so it is on disk whole before the next. */
  async append(row: { id: string }): Promise<void> {
    await this.fh.write(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
    await this.fh.sync();
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
