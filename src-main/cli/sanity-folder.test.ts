// sanity --images as a job-array task, run as a scheduler runs it: real
// subprocesses on four digits of the demo. Sharded + merged == unsharded, byte
// for byte (CSV, summary, plot, strips); a second run with the same --seed ==
// the first; a rerun resumes without recomputing; --keep-going lists a broken image.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

const TSX = createRequire(import.meta.url).resolve('tsx');
const INDEX = join(PROJECT_ROOT, 'src-main', 'cli', 'index.ts');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', TSX, INDEX, ...args], { cwd: PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

const root = mkdtempSync(join(tmpdir(), 'ss-sanity-folder-'));
const imgs = join(root, 'imgs');
mkdirSync(imgs);
const SAMPLES = ['digit-0.png', 'digit-3.png', 'digit-5.png', 'digit-7.png'];
for (const f of SAMPLES) copyFileSync(demo('digits', 'samples', f), join(imgs, f));
const ARGS = [
  'sanity',
  '--model',
  demo('digits', 'model.json'),
  '--images',
  imgs,
  '--method',
  'saliency',
  '--mode',
  'cascading',
  '--seed',
  '7',
  '--progress',
  'none',
];
const OUTPUTS = ['sanity.csv', 'sanity-summary.json', 'sanity.svg'];
const read = (dir: string): string[] => OUTPUTS.map((f) => readFileSync(join(dir, f), 'utf8'));
const strips = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(dir, 'strips')).map((f) => [f, readFileSync(join(dir, 'strips', f)).toString('base64')]));
const rowIds = (dir: string): string[] =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);
const csvRows = (text: string): Record<string, string>[] => {
  const [head, ...lines] = text.trim().split('\n');
  const keys = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
};
type Summary = { images: number; steps: string[]; summary: Record<string, { label: string; spearmanAbs: { mean: number; std: number; n: number } }[]> };

describe('sanity --images as a job array', () => {
  const whole = join(root, 'whole');

  it('3 shards merged = the unsharded run, byte for byte (CSV, summary, plot, strips); a second run with the same seed = the first', async () => {
    const [a, again, ...shards] = await Promise.all([
      cli([...ARGS, '--out', whole, '--report', join(root, 'whole.html')]),
      cli([...ARGS, '--out', join(root, 'again')]),
      ...[0, 1, 2].map((i) => cli([...ARGS, '--out', join(root, `shard-${i}`), '--shard-index', String(i), '--num-shards', '3'])),
    ]);
    for (const r of [a, again, ...shards]) expect(r.stderr).toBe('');
    expect([a, again, ...shards].map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    console.log(`wall s: unsharded ${a.seconds.toFixed(1)}; shards ${shards.map((s) => s.seconds.toFixed(1)).join(', ')} (5 processes on the same cores)`);
    // sha256 → 4 bytes → mod 3 (as array.test.ts): digit-5 → 0, digit-3 → 1, digits 0 and 7 → 2.
    const byShard = [0, 1, 2].map((i) => rowIds(join(root, `shard-${i}`)));
    expect(byShard).toEqual([['digit-5.png'], ['digit-3.png'], ['digit-0.png', 'digit-7.png']]);
    expect(byShard.flat().sort()).toEqual(SAMPLES);
    // The seed fixes the randomised weights: the rows themselves are the same bytes.
    expect(readFileSync(join(root, 'again', 'rows.jsonl'), 'utf8')).toBe(readFileSync(join(whole, 'rows.jsonl'), 'utf8'));
    expect(read(join(root, 'again'))).toEqual(read(whole));

    const merged = join(root, 'merged');
    const m = await cli(['merge', ...[0, 1, 2].map((i) => join(root, `shard-${i}`)), '--out', merged, '--report', join(root, 'merged.html')]);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/4 samples from 3 shards of sanity/);
    expect(read(merged)).toEqual(read(whole));
    // The folder's report: the same bytes from the run and from the merge, every image's strips inside (4 ≤ 12 shown).
    const html = readFileSync(join(root, 'whole.html'), 'utf8');
    expect(readFileSync(join(root, 'merged.html'), 'utf8')).toBe(html);
    expect(html).toContain('Sanity check over 4 images');
    expect(html.match(/data:image\/png;base64,/g)).toHaveLength(4);
    const s = strips(whole);
    expect(Object.keys(s)).toEqual(SAMPLES.map((f) => f.replace('.png', '.saliency.strip.png')));
    expect(strips(merged)).toEqual(s);
    // Each strip: four 96-px thumbnails with 2-px gaps, as the single-image strip.
    const png = readFileSync(join(whole, 'strips', 'digit-7.saliency.strip.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([4 * 96 + 3 * 2, 96]);
  }, 120_000);

  it("the summary's mean |Spearman| per step = the hand mean of the CSV's spearman_abs over the 4 images", () => {
    const rows = csvRows(readFileSync(join(whole, 'sanity.csv'), 'utf8'));
    expect(rows).toHaveLength(4 * 4);
    const sum = JSON.parse(readFileSync(join(whole, 'sanity-summary.json'), 'utf8')) as Summary;
    expect(sum.steps).toEqual(['original', 'probs', 'conv2', 'conv1']);
    expect(sum.images).toBe(4);
    for (const [k, st] of sum.summary.saliency.entries()) {
      const v = rows.filter((r) => r.method === 'saliency' && r.step === String(k)).map((r) => Number(r.spearman_abs));
      expect(v).toHaveLength(4);
      const mean = v.reduce((x, y) => x + y, 0) / 4;
      const std = Math.sqrt(v.reduce((x, y) => x + (y - mean) ** 2, 0) / 3);
      // The CSV rounds to 6 decimals.
      expect(st.spearmanAbs.mean).toBeCloseTo(mean, 5);
      expect(st.spearmanAbs.std).toBeCloseTo(std, 5);
      expect(st.spearmanAbs.n).toBe(4);
      expect(st.label).toBe(rows.find((r) => r.step === String(k))!.randomised_down_to);
    }
    expect(sum.summary.saliency[0].spearmanAbs).toEqual({ mean: 1, std: 0, n: 4 });
    // A randomised model's maps are far from the trained one's.
    expect(sum.summary.saliency[3].spearmanAbs.mean).toBeLessThan(0.6);
  });

  it('a rerun resumes without recomputing (rows.jsonl untouched, same outputs); another --seed in the same --out is refused, exit 2, and changes every randomised step', async () => {
    const rows = join(whole, 'rows.jsonl');
    const [before, mtime, outs] = [readFileSync(rows, 'utf8'), statSync(rows).mtimeMs, read(whole)];
    const r = await cli([...ARGS, '--out', whole]);
    expect(r.code).toBe(0);
    expect(readFileSync(rows, 'utf8')).toBe(before);
    expect(statSync(rows).mtimeMs).toBe(mtime);
    expect(read(whole)).toEqual(outs);
    expect(JSON.parse(readFileSync(join(whole, 'run.json'), 'utf8'))).toMatchObject({ attempts: 2, counts: { expected: 4, done: 4 }, complete: true });
    const seed8 = [...ARGS.slice(0, -4), '--seed', '8', '--progress', 'none'];
    const [other, fresh] = await Promise.all([cli([...seed8, '--out', whole]), cli([...seed8, '--out', join(root, 'seed-8')])]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is a different run \(differs in: request\.seed\)/);
    // The seed matters: other randomised weights, other similarities after step 0.
    expect(fresh.code).toBe(0);
    const col = (dir: string): string[] => csvRows(readFileSync(join(dir, 'sanity.csv'), 'utf8')).map((x) => x.spearman_abs);
    expect(col(join(root, 'seed-8')).filter((v, i) => v !== col(whole)[i]).length).toBe(4 * 3);
  }, 60_000);

  it('--keep-going: a broken image is listed in run.json, the others are done, exit 3; run flags on one image are refused', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    copyFileSync(demo('digits', 'samples', 'digit-0.png'), join(bad, 'a.png'));
    writeFileSync(join(bad, 'b.png'), 'not a png');
    const dir = join(root, 'kg');
    const r = await cli([...ARGS.slice(0, 4), bad, ...ARGS.slice(5), '--out', dir, '--keep-going']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/1 image\(s\) failed: b\.png/);
    expect(rowIds(dir)).toEqual(['a.png']);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({
      counts: { expected: 2, done: 1, failed: 1 },
      complete: false,
      failures: [{ id: 'b.png' }],
    });
    expect(csvRows(readFileSync(join(dir, 'sanity.csv'), 'utf8')).map((x) => x.image)).toEqual(Array(4).fill('a.png'));
    const shardReport = await cli([...ARGS, '--out', join(root, 'sr'), '--report', join(root, 'sr.html'), '--shard-index', '0', '--num-shards', '2']);
    expect(shardReport.code).toBe(2);
    expect(shardReport.stderr).toMatch(/--report in a shard: .*give --report to merge/);
    const one = await cli([...ARGS.slice(0, 3), '--image', join(imgs, 'digit-0.png'), '--out', join(root, 'one'), '--shard-index', '0']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--shard-index is for a folder \(--images <dir>\)/);
  }, 60_000);
});
