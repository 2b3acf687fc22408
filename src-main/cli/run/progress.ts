// --progress bar|json|lines|none: how a run reports the samples finished on
// stderr. bar: one redrawn line with an ETA (a terminal); json: one JSON
// object per event (a log collector); lines: "4/6 images" per step (a
// scheduler's log file, and what the CLI printed before).
import { StudioError } from '../../api/errors';
import type { Shard } from './shards';

export type ProgressMode = 'bar' | 'json' | 'lines' | 'none';

export function parseProgress(v: string | undefined, json: boolean, isTTY = process.stderr.isTTY === true): ProgressMode {
  if (v == null) return json ? 'none' : isTTY ? 'bar' : 'lines';
  if (v === 'bar' || v === 'json' || v === 'lines' || v === 'none') return v;
  throw new StudioError('bad-request', `--progress must be bar, json, lines or none, got "${v}"`);
}

/** Seconds left at the rate of the samples done in this process (resumed ones took no time here). */
export const eta = (done: number, total: number, doneHere: number, seconds: number): number | null =>
  doneHere > 0 ? Math.round(((total - done) * seconds) / doneHere) : null;

export class Progress {
  private readonly t0 = performance.now();
  private start = 0;

  constructor(
    private readonly mode: ProgressMode,
    private readonly total: number,
    private readonly shard: Shard,
    private readonly write: (s: string) => void = (s) => void process.stderr.write(s),
    private readonly unit = 'images',
  ) {}

  /** The samples already done before this process started (resumed). */
  resumed(done: number): void {
    this.start = done;
    if (done > 0) this.update(done);
  }

  update(done: number): void {
    const seconds = (performance.now() - this.t0) / 1000;
    const etaSeconds = eta(done, this.total, done - this.start, seconds);
    if (this.mode === 'lines') this.write(`${done}/${this.total} ${this.unit}\n`);
    else if (this.mode === 'json')
      this.write(JSON.stringify({ event: 'progress', done, total: this.total, etaSeconds, shard: this.shard.index, shards: this.shard.count }) + '\n');
    else if (this.mode === 'bar') {
      const w = 30;
      const f = this.total ? Math.round((w * done) / this.total) : w;
      this.write(`\r[${'#'.repeat(f)}${'.'.repeat(w - f)}] ${done}/${this.total} ${this.unit}${etaSeconds != null ? `, ETA ${etaSeconds} s` : ''}\x1b[K`);
    }
  }

  end(): void {
    if (this.mode === 'bar') this.write('\n');
  }
}
