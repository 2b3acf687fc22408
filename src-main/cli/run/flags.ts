// The flags every sharded, resumable command shares (run/*.ts).
import type { ParseArgsConfig } from 'node:util';
import { StudioError } from '../../api/errors';
import { resolveShard, type Shard } from './shards';

export const RUN_OPTIONS = {
  'shard-index': { type: 'string' },
  'num-shards': { type: 'string' },
  resume: { type: 'boolean' },
  'no-resume': { type: 'boolean' },
  fresh: { type: 'boolean' },
  'keep-going': { type: 'boolean', default: false },
  progress: { type: 'string' },
} satisfies ParseArgsConfig['options'];

export interface RunFlags {
  shard: Shard;
  /** auto: resume a matching run.json (refuse a different one); fresh: start over. */
  resume: 'auto' | 'fresh';
  keepGoing: boolean;
}

export function runFlags(
  v: { 'shard-index'?: string; 'num-shards'?: string; resume?: boolean; 'no-resume'?: boolean; fresh?: boolean; 'keep-going'?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): RunFlags {
  const fresh = v.fresh === true || v['no-resume'] === true;
  if (fresh && v.resume) throw new StudioError('bad-request', '--resume and --fresh/--no-resume contradict each other');
  return {
    shard: resolveShard({ index: v['shard-index'], count: v['num-shards'] }, env),
    resume: fresh ? 'fresh' : 'auto',
    keepGoing: v['keep-going'] === true,
  };
}
