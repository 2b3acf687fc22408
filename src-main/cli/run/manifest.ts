// run.json: what a run was (argv, request, configuration hash, versions,
// host, times, shard, counts). The configuration hash covers everything that
// determines the rows, so two runs with the same hash give the same rows and
// a resumed or merged run can check it is continuing the same thing.
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { cpus, hostname, platform } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { StudioError } from '../../api/errors';
import { fileURLToPath } from 'node:url';
import type { Shard } from './shards';

/** JSON with object keys sorted at every depth: one text per value. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

export const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** The model's bytes: a model.json with the weight files its manifest names, or the one file (.onnx, .h5, .keras). */
export async function modelHash(path: string): Promise<string> {
  const h = createHash('sha256');
  const st = await stat(path).catch(() => null);
  if (!st) throw new StudioError('not-found', `${path}: no such model file`);
  const file = st.isDirectory() ? join(path, 'model.json') : path;
  const text = await readFile(file);
  h.update(text);
  if (extname(file).toLowerCase() === '.json') {
    const m = JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths?: string[] }[] };
    for (const p of (m.weightsManifest ?? []).flatMap((g) => g.paths ?? [])) {
      h.update(p);
      h.update(await readFile(join(dirname(file), basename(p))));
    }
  }
  return h.digest('hex');
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function projectVersions(): Promise<{ project: string; tfjs: string; node: string }> {
  const v = async (p: string): Promise<string> => (JSON.parse(await readFile(p, 'utf8')) as { version?: string }).version ?? '?';
  return {
    project: await v(join(ROOT, 'package.json')).catch(() => '?'),
    tfjs: await v(join(ROOT, 'node_modules', '@tensorflow', 'tfjs', 'package.json')).catch(() => '?'),
    node: process.version,
  };
}

/** What determines the rows; its canonical JSON's sha256 is the configuration hash. */
export interface RunConfig {
  command: string;
  request: Record<string, unknown>;
  model: string;
  /** sha256 of the sorted sample ids of the whole input (every shard). */
  images: string;
  versions: { project: string; tfjs: string };
}

export const configHash = (c: RunConfig): string => sha256(canonicalJson(c));

/** The top-level fields (and request fields) where two configurations differ. */
export function configDiff(a: RunConfig, b: RunConfig): string[] {
  const out: string[] = [];
  for (const k of Object.keys({ ...a, ...b }) as (keyof RunConfig)[]) {
    if (k === 'request') {
      const ra = a.request ?? {};
      const rb = b.request ?? {};
      for (const f of Object.keys({ ...ra, ...rb }).sort()) if (canonicalJson(ra[f]) !== canonicalJson(rb[f])) out.push(`request.${f}`);
    } else if (canonicalJson(a[k]) !== canonicalJson(b[k])) out.push(k);
  }
  return out;
}

export interface Manifest {
  argv: string[];
  config: RunConfig;
  configHash: string;
  backend?: string;
  host: { hostname: string; cpus: number; platform: string };
  startedAt: string;
  endedAt: string | null;
  /** Seconds spent computing, summed over resumed attempts. */
  seconds: number;
  attempts: number;
  shard: Shard;
  counts: { expected: number; done: number; failed: number };
  failures: { id: string; error: string }[];
  complete: boolean;
  /** What the command's outputs need besides the rows (evaluate: run/eval-outputs.ts EvalMeta). */
  meta?: unknown;
}

export function newManifest(argv: string[], config: RunConfig, shard: Shard, expected: number): Manifest {
  return {
    argv,
    config,
    configHash: configHash(config),
    host: { hostname: hostname(), cpus: cpus().length, platform: platform() },
    startedAt: new Date().toISOString(),
    endedAt: null,
    seconds: 0,
    attempts: 1,
    shard,
    counts: { expected, done: 0, failed: 0 },
    failures: [],
    complete: false,
  };
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  const text = await readFile(join(dir, 'run.json'), 'utf8').catch(() => null);
  if (text == null) return null;
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    throw new StudioError('bad-request', `${join(dir, 'run.json')}: not valid JSON (delete it or pass --fresh)`);
  }
}

/** Written whole to a temporary file, then renamed: a reader never sees half a manifest. */
export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  const tmp = join(dir, `.run.json.${process.pid}`);
  await writeFile(tmp, JSON.stringify(m, null, 2) + '\n');
  await rename(tmp, join(dir, 'run.json'));
}

export const hasManifest = async (dir: string): Promise<boolean> => (await readdir(dir).catch((): string[] => [])).includes('run.json');
