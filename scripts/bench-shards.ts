// `npx tsx scripts/bench-shards.ts`: dataset-scale runs on this machine. A
// 60-image evaluation (60 held-out MNIST digits on the digits demo; Grad-CAM,
// IG and RISE × deletion, insertion, ROAD and ADCC) run unsharded and as 3
// shards one after another, merged and compared byte for byte; then one shard
// killed (SIGKILL) at random points 10 times and resumed, its rows checked for
// losses and duplicates against the uninterrupted shard; then `explain` and
// `sanity` over the same folder, unsharded and as 3 shards merged, every
// output file compared. Writes bench-results/shards.json.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../src-main/shared/random';
import { loadMnist } from '../src-main/sanity/digits-data';
import { PROJECT_ROOT } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts } from './bench-util';

const N = 60;
const SHARDS = 3;
const KILLS = 10;
const OUTPUTS = ['evaluation.csv', 'summary.json', 'curves.json'];
const TSX = createRequire(import.meta.url).resolve('tsx');
const CLI = [process.execPath, '--import', TSX, join(PROJECT_ROOT, 'src-main', 'cli', 'index.ts')];
const ARGS = (images: string): string[] => [
  'evaluate',
  '--model',
  join(PROJECT_ROOT, 'resources', 'demo', 'digits', 'model.json'),
  '--images',
  images,
  '--method',
  'gradcam,integrated-gradients,rise',
  '--metric',
  process.env.METRICS ?? 'deletion,insertion,road-morf,road-lerf,adcc',
  '--controls',
  'none',
  '--set',
  'steps=10',
  '--set',
  'samples=500',
  '--progress',
  'none',
];

function run(args: string[]): { ms: number; status: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(CLI[0], [...CLI.slice(1), ...args], { encoding: 'utf8' });
  return { ms: performance.now() - t0, status: r.status, stderr: r.stderr };
}

function mustRun(args: string[]): number {
  const r = run(args);
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${args.join(' ')}\n${r.stderr}`);
  return r.ms;
}

/** The row ids in a shard's rows.jsonl; a half line a kill left at the end is not a row (the next run cuts it). */
const rowIds = async (dir: string): Promise<string[]> =>
  (await readFile(join(dir, 'rows.jsonl'), 'utf8').catch(() => '')).split('\n').flatMap((l) => {
    try {
      return [(JSON.parse(l) as { id: string }).id];
    } catch {
      return [];
    }
  });

async function sameFiles(a: string, b: string): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const f of OUTPUTS) out[f] = (await readFile(join(a, f))).equals(await readFile(join(b, f)));
  return out;
}

/** Every output file under `a` (not run.json or rows.jsonl, which differ by design) equal in `b`: the count equal and the ones that differ. */
async function sameTree(a: string, b: string): Promise<{ files: number; differ: string[] }> {
  const files = (await readdir(a, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile() && d.name !== 'run.json' && d.name !== 'rows.jsonl')
    .map((d) => relative(a, join(d.parentPath, d.name)));
  const differ: string[] = [];
  for (const f of files) if (!(await readFile(join(a, f))).equals(await readFile(join(b, f)).catch(() => Buffer.alloc(0)))) differ.push(f);
  return { files: files.length, differ };
}

/** One more command over the folder: unsharded, 3 shards one after another, merged; every output compared. */
async function shardedCommand(root: string, name: string, args: string[]): Promise<object> {
  const dir = join(root, name);
  const unshardedMs = mustRun([...args, '--progress', 'none', '--out', join(dir, 'unsharded')]);
  const shardMs: number[] = [];
  for (let i = 0; i < SHARDS; i++)
    shardMs.push(mustRun([...args, '--progress', 'none', '--shard-index', String(i), '--num-shards', String(SHARDS), '--out', join(dir, `shard-${i}`)]));
  const mergeMs = mustRun(['merge', ...Array.from({ length: SHARDS }, (_, i) => join(dir, `shard-${i}`)), '--out', join(dir, 'merged')]);
  return {
    command: args.join(' ').replace(root, '<digits>'),
    unshardedSeconds: unshardedMs / 1000,
    shardSeconds: shardMs.map((ms) => ms / 1000),
    mergeSeconds: mergeMs / 1000,
    mergedIdenticalToUnsharded: await sameTree(join(dir, 'unsharded'), join(dir, 'merged')),
  };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bench-shards-'));
  const images = join(root, 'digits');
  await mkdir(images);
  const { test } = loadMnist(6);
  for (const [k, [px, label]] of test.slice(0, N).entries()) {
    const grey = Buffer.from(px.map((v) => Math.round(255 * v)));
    await sharp(grey, { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toFile(join(images, `digit-${String(k).padStart(2, '0')}-${label}.png`));
  }
  const base = ARGS(images);
  const unshardedMs = mustRun([...base, '--out', join(root, 'unsharded')]);
  const shardMs: number[] = [];
  for (let i = 0; i < SHARDS; i++)
    shardMs.push(mustRun([...base, '--shard-index', String(i), '--num-shards', String(SHARDS), '--out', join(root, `shard-${i}`)]));
  const mergeMs = mustRun(['merge', ...Array.from({ length: SHARDS }, (_, i) => join(root, `shard-${i}`)), '--out', join(root, 'merged')]);
  const identical = await sameFiles(join(root, 'unsharded'), join(root, 'merged'));
  const shardRows = await Promise.all(Array.from({ length: SHARDS }, (_, i) => rowIds(join(root, `shard-${i}`))));

  // Resume: shard 0 again, killed at random points, then run to the end.
  const rnd = mulberry32(19);
  const killDir = join(root, 'killed-0');
  const shard0 = [...base, '--shard-index', '0', '--num-shards', String(SHARDS), '--out', killDir];
  const killedAfterRows: number[] = [];
  const budget = shardMs[0];
  for (let k = 0; k < KILLS; k++) {
    const child = spawn(CLI[0], [...CLI.slice(1), ...shard0], { stdio: 'ignore' });
    // Listened for at once: a run that finishes before its kill has exited already.
    const exited = new Promise((r) => child.once('exit', r));
    // Start-up (tsx, tfjs) is ~3 s of the shard's time: kill anywhere from just before the first row to near the end.
    const at = 2500 + rnd() * Math.max(1000, budget - 2500);
    await new Promise((r) => setTimeout(r, at));
    child.kill('SIGKILL');
    await exited;
    killedAfterRows.push((await rowIds(killDir)).length);
  }
  mustRun(shard0);
  const resumed = await rowIds(killDir);
  const expected = shardRows[0];
  const duplicates = resumed.length - new Set(resumed).size;
  const lost = expected.filter((id) => !resumed.includes(id)).length;
  const resumedIdentical = await sameFiles(join(root, 'shard-0'), killDir);
  const model = join(PROJECT_ROOT, 'resources', 'demo', 'digits', 'model.json');
  const others = [
    await shardedCommand(root, 'explain', ['explain', '--model', model, '--images', images, '--method', 'saliency,gradcam']),
    await shardedCommand(root, 'sanity', ['sanity', '--model', model, '--images', images, '--method', 'saliency', '--mode', 'cascading']),
  ];

  const result = {
    bench: 'shards',
    commit: gitCommit(),
    machine: machineFacts(),
    images: N,
    methods: ['gradcam', 'integrated-gradients', 'rise'],
    metrics: base[base.indexOf('--metric') + 1].split(','),
    unshardedSeconds: unshardedMs / 1000,
    shardSeconds: shardMs.map((ms) => ms / 1000),
    shardRows: shardRows.map((r) => r.length),
    mergeSeconds: mergeMs / 1000,
    mergedIdenticalToUnsharded: identical,
    resume: {
      kills: KILLS,
      rowsAtEachKill: killedAfterRows,
      finalRows: resumed.length,
      expectedRows: expected.length,
      duplicates,
      lost,
      identicalToUninterrupted: resumedIdentical,
    },
    others,
  };
  console.log(JSON.stringify(result, null, 2));
  await mkdir(join(PROJECT_ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(PROJECT_ROOT, 'bench-results', 'shards.json'), JSON.stringify(result, null, 2) + '\n');
  await rm(root, { recursive: true, force: true });
}

await main();
process.exit(0);
