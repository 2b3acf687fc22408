// One sharded, resumable loop over samples, for every command that runs per
// sample (evaluate, explain over a folder, sanity over a folder, localize
// --manifest, bim): picks the shard's samples, opens the session (run.json,
// rows.jsonl), skips the rows already written, computes the rest in batches,
// appends each sample's row as it finishes, reports progress, stops cleanly on
// SIGINT/SIGTERM, and with --keep-going isolates and lists failed samples.
// The command supplies `compute` (rows of a batch) and its outputs (outputs.ts).
import { toApiError } from '../../api/errors';
import { IMAGE_ERRORS, ImagesFailed } from './exit-codes';
import { modelHash, projectVersions, type RunConfig, sha256 } from './manifest';
import { type ProgressMode, Progress } from './progress';
import type { RunFlags } from './flags';
import { openSession } from './session';
import { inShard, type Sample, type Shard } from './shards';

export interface SampleRunSpec<T extends { id: string }, M> {
  /** The command's name, as merge dispatches on it (outputs.ts). */
  command: string;
  /** The command line after the command's name (kept in run.json). */
  argv: string[];
  outDir: string;
  /** Every sample of the whole input, every shard's: their ids are hashed into the configuration. */
  all: Sample[];
  /** What determines the rows besides the model and the samples. */
  request: Record<string, unknown>;
  /** The model's file(s), hashed into the configuration; absent where the command's models are the project's own (bim). */
  modelPath?: string;
  flags: RunFlags;
  progress: ProgressMode;
  /** Progress's unit ("images", "samples", "pairs"). */
  unit?: string;
  /** Samples per compute call (a batch fails as a whole; --keep-going then retries each alone). */
  batch?: number;
  err: (s: string) => void;
  /**
   * The rows of `part`, one per sample in its order, and the outputs' meta (kept in run.json with the first rows).
   * `configHash` is run.json's: the same in every shard and resumed attempt of the run, and only there.
   */
  compute(part: Sample[], call: number, run: { configHash: string }): Promise<{ entries: T[]; meta?: M }>;
  /** Called once on SIGINT/SIGTERM (e.g. to cancel the engine's job). */
  cancel?: () => void;
}

export interface SampleRunResult<T, M> {
  /** This shard's rows, resumed ones first. */
  entries: T[];
  meta: M | undefined;
  failures: { id: string; error: string }[];
  shard: Shard;
}

const failedId = (part: Sample[]): string => (part.length === 1 ? part[0].id : part.map((p) => p.id).join(' or '));

/** The configuration whose hash run.json keeps: command, request, model bytes, sample ids, versions. */
export async function runConfig(command: string, request: Record<string, unknown>, all: Sample[], modelPath?: string): Promise<RunConfig> {
  return {
    command,
    request,
    model: modelPath ? await modelHash(modelPath) : 'project',
    images: sha256(all.map((s) => s.id).join('\n')),
    versions: await projectVersions(),
  };
}

/**
 * Runs the shard's samples that have no row yet. Throws CancelledRun on a
 * signal (after writing the rows in hand and run.json), the first failure
 * without --keep-going, and anything that is not one sample's fault at once.
 * Failures with --keep-going are returned, for the caller to write its outputs
 * and then throw ImagesFailed.
 */
export async function runSamples<T extends { id: string }, M>(spec: SampleRunSpec<T, M>): Promise<SampleRunResult<T, M>> {
  const { flags, err } = spec;
  const mine = inShard(spec.all, flags.shard);
  const config = await runConfig(spec.command, spec.request, spec.all, spec.modelPath);
  const session = await openSession<T>(spec.outDir, [spec.command, ...spec.argv], config, flags.shard, mine.length, flags.resume);
  const ids = new Set(mine.map((s) => s.id));
  const entries = session.rows.filter((r) => ids.has(r.id));
  const seen = new Set(entries.map((r) => r.id));
  const todo = mine.filter((s) => !seen.has(s.id));
  const progress = new Progress(spec.progress, mine.length, flags.shard, undefined, spec.unit);
  progress.resumed(entries.length);
  const failures: { id: string; error: string }[] = [];
  let meta = session.manifest.meta as M | undefined;
  if (spec.cancel) session.onStop(spec.cancel);
  let k = 0;
  const call = async (part: Sample[]): Promise<T[]> => {
    const r = await spec.compute(part, k++, { configHash: session.manifest.configHash });
    // In run.json before the first row, so a run killed any time after can be resumed or merged without recomputing it.
    if (meta === undefined && r.meta !== undefined) await session.save({ meta: (meta = r.meta) });
    return r.entries;
  };
  /** A sample's own failure (unreadable image, bad mask), as opposed to the run's. */
  const ownFault = (e: unknown): boolean => {
    session.checkStop();
    return IMAGE_ERRORS.has(toApiError(e).code);
  };
  const batch = Math.max(1, spec.batch ?? 1);
  const finish = (): Promise<void> => {
    const counts = { expected: mine.length, done: entries.length, failed: failures.length };
    return session.finish({ counts, failures, meta, backend: (meta as { backend?: string } | undefined)?.backend, complete: counts.done === counts.expected });
  };
  try {
    for (let s = 0; s < todo.length; s += batch) {
      session.checkStop();
      const part = todo.slice(s, s + batch);
      let got: T[] = [];
      try {
        got = await call(part);
      } catch (e) {
        if (!ownFault(e)) throw e;
        if (!flags.keepGoing) throw new ImagesFailed([{ id: failedId(part), error: toApiError(e).message }]);
        // Which sample failed: each alone, keeping the others' rows.
        for (const one of part) {
          try {
            got.push(...(await call([one])));
          } catch (e1) {
            if (!ownFault(e1)) throw e1;
            failures.push({ id: one.id, error: toApiError(e1).message });
            err(`saliency-studio ${spec.command}: ${one.id}: ${toApiError(e1).message}`);
          }
        }
      }
      for (const g of got) await session.log.append(g);
      entries.push(...got);
      progress.update(entries.length + failures.length);
    }
    progress.end();
  } catch (e) {
    // A new run refused before its first row (a bad option only the engine checks) leaves no run.json to refuse the corrected command.
    if (session.manifest.attempts === 1 && !entries.length && !failures.length && !session.stopped()) {
      await session.discard();
      throw e;
    }
    await finish();
    throw e;
  }
  await finish();
  return { entries, meta, failures, shard: flags.shard };
}

/** " (shard i of n)" for a sharded run's closing line. */
export const shardNote = (shard: Shard): string => (shard.count > 1 ? ` (shard ${shard.index} of ${shard.count})` : '');
