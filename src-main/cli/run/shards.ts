// Which images this process runs when a job array runs the same command N
// times: --shard-index/--num-shards, or Slurm's / Kubernetes' environment.
// The split depends only on each image's stable id (its path relative to the
// input folder), so shards never overlap, whatever order the files list in.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { StudioError } from '../../api/errors';
import { IMAGE_EXTENSIONS } from '../../sanity/labelled-folder';

export interface Shard {
  index: number;
  count: number;
}

const int = (v: string, what: string): number => {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n)) throw new StudioError('bad-request', `${what} must be an integer, got "${v}"`);
  return n;
};

/**
 * The shard from the flags, else SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
 * SLURM_ARRAY_TASK_COUNT (Slurm ids may start anywhere), else
 * JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) with --num-shards or NUM_SHARDS.
 * Absent: the whole input, {0, 1}.
 */
export function resolveShard(flags: { index?: string; count?: string }, env: NodeJS.ProcessEnv = process.env): Shard {
  let index: number | undefined;
  let count = flags.count != null ? int(flags.count, '--num-shards') : undefined;
  if (flags.index != null) index = int(flags.index, '--shard-index');
  else if (env.SLURM_ARRAY_TASK_ID != null && env.SLURM_ARRAY_TASK_ID !== '') {
    index = int(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID') - int(env.SLURM_ARRAY_TASK_MIN ?? '0', 'SLURM_ARRAY_TASK_MIN');
    count ??= env.SLURM_ARRAY_TASK_COUNT ? int(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : undefined;
    if (count == null) throw new StudioError('bad-request', 'SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor --num-shards');
  } else if (env.JOB_COMPLETION_INDEX != null && env.JOB_COMPLETION_INDEX !== '') {
    index = int(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
    count ??= env.NUM_SHARDS ? int(env.NUM_SHARDS, 'NUM_SHARDS') : undefined;
    if (count == null) throw new StudioError('bad-request', "JOB_COMPLETION_INDEX is set: give --num-shards (the Job's completions)");
  }
  if (index == null) {
    if (count != null && count !== 1) throw new StudioError('bad-request', '--num-shards needs --shard-index (or a Slurm / Kubernetes index)');
    return { index: 0, count: 1 };
  }
  count ??= 1;
  if (count < 1) throw new StudioError('bad-request', `the number of shards must be ≥ 1, got ${count}`);
  if (index < 0 || index >= count) throw new StudioError('bad-request', `shard index ${index} is outside 0..${count - 1}`);
  return { index, count };
}

/** The shard a sample id belongs to: sha256 → first 4 bytes (big-endian) → mod n. */
export function shardOf(id: string, count: number): number {
  return createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % count;
}

/** A sample: its stable id (posix path relative to the input root) and its file. */
export interface Sample {
  id: string;
  path: string;
}

/**
 * The images of a folder (its own files, masks `*.mask.*` excluded: as the
 * engine lists a folder) or one file, sorted by id (code-point order, not locale).
 */
export async function listSamples(root: string): Promise<Sample[]> {
  const st = await stat(root).catch(() => null);
  if (!st) throw new StudioError('not-found', `${root}: no such file or folder`);
  if (st.isFile()) return [{ id: root.split(sep).pop()!, path: root }];
  const files = (await readdir(root, { withFileTypes: true }))
    .filter((d) => d.isFile() && IMAGE_EXTENSIONS.has(extname(d.name).toLowerCase()) && !/\.mask\.[^.]+$/i.test(d.name))
    .map((d) => join(root, d.name));
  if (!files.length) throw new StudioError('no-images', `${root}: no images (${[...IMAGE_EXTENSIONS].join(' ')}) in this folder`);
  return files.map((path) => ({ id: relative(root, path).split(sep).join('/'), path })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const inShard = (samples: Sample[], shard: Shard): Sample[] => samples.filter((s) => shardOf(s.id, shard.count) === shard.index);
