// One resumable run in an output folder: its manifest (run.json), its rows
// (rows.jsonl) and the signals that stop it. A folder whose run.json has the
// same configuration is resumed; a different one is refused, naming what
// differs, unless the user starts over (--fresh / --no-resume).
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../api/errors';
import { CancelledRun } from './exit-codes';
import { configDiff, type Manifest, newManifest, readManifest, type RunConfig, writeManifest } from './manifest';
import { RowLog, ROWS_FILE } from './rows';
import type { Shard } from './shards';

export interface Session<T extends { id: string }> {
  manifest: Manifest;
  /** Rows already written (a resumed run's), and the log that appends more. */
  rows: T[];
  log: RowLog;
  /** Set once SIGINT/SIGTERM arrives; the run stops after the rows in hand are written. */
  stopped(): 'SIGINT' | 'SIGTERM' | null;
  onStop(fn: () => void): void;
  /** Writes run.json (counts, end time, complete) and closes the log; unhooks the signals. */
  finish(extra: Partial<Manifest>): Promise<void>;
  /** Throws CancelledRun when a signal arrived. */
  checkStop(): void;
  /** Writes run.json now, with these fields (e.g. the outputs' meta, before the first row that needs it). */
  save(extra: Partial<Manifest>): Promise<void>;
  /** Instead of finish: removes run.json and rows.jsonl (a new run that failed before its first row), so a corrected command is not refused as a different run. */
  discard(): Promise<void>;
}

export async function openSession<T extends { id: string }>(
  outDir: string,
  argv: string[],
  config: RunConfig,
  shard: Shard,
  expected: number,
  resume: 'auto' | 'fresh',
): Promise<Session<T>> {
  await mkdir(outDir, { recursive: true });
  const fresh = newManifest(argv, config, shard, expected);
  const old = resume === 'fresh' ? null : await readManifest(outDir);
  if (old) {
    const diff = old.configHash === fresh.configHash ? [] : configDiff(old.config, config);
    if (old.configHash !== fresh.configHash)
      throw new StudioError(
        'bad-request',
        `${join(outDir, 'run.json')} is a different run (differs in: ${diff.join(', ') || 'configHash'}); use another --out, or --fresh to start over`,
      );
    if (old.shard.index !== shard.index || old.shard.count !== shard.count)
      throw new StudioError(
        'bad-request',
        `${join(outDir, 'run.json')} is shard ${old.shard.index} of ${old.shard.count}, this is ${shard.index} of ${shard.count}`,
      );
  } else await rm(join(outDir, ROWS_FILE), { force: true });
  const manifest: Manifest = old ? { ...fresh, meta: old.meta, startedAt: old.startedAt, seconds: old.seconds, attempts: old.attempts + 1 } : fresh;
  const { log, rows } = await RowLog.open<T>(join(outDir, ROWS_FILE));
  await writeManifest(outDir, manifest);
  let stop: 'SIGINT' | 'SIGTERM' | null = null;
  const listeners: (() => void)[] = [];
  const on = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    stop = sig;
    for (const fn of listeners) fn();
  };
  const handlers = { SIGINT: on('SIGINT'), SIGTERM: on('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  const t0 = performance.now();
  return {
    manifest,
    rows,
    log,
    stopped: () => stop,
    onStop: (fn) => void listeners.push(fn),
    save: (extra) => writeManifest(outDir, Object.assign(manifest, extra)),
    checkStop() {
      if (stop) throw new CancelledRun(stop);
    },
    async discard() {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
      await log.close();
      await rm(join(outDir, ROWS_FILE), { force: true });
      await rm(join(outDir, 'run.json'), { force: true });
    },
    async finish(extra) {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
      await log.close();
      Object.assign(manifest, extra, {
        endedAt: new Date().toISOString(),
        seconds: Math.round((manifest.seconds + (performance.now() - t0) / 1000) * 100) / 100,
      });
      await writeManifest(outDir, manifest);
    },
  };
}
