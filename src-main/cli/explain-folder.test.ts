// explain --images as a job-array task, run as a scheduler runs it: real
// subprocesses on the digits demo. 3 shards merged == the unsharded run, byte
// for byte (tables and every map); a second run resumes; another request is
// refused; --keep-going lists a broken image; the maps == explain --image's.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../shared/npy';
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

const MODEL = ['--model', demo('digits', 'model.json')];
const ARGS = ['explain', ...MODEL, '--images', demo('digits', 'samples'), '--method', 'saliency,gradcam', '--trust', '--progress', 'none'];
const SAMPLES = ['digit-0.png', 'digit-2.png', 'digit-3.png', 'digit-5.png', 'digit-7.png', 'digit-9.png'];
const MAPS = SAMPLES.flatMap((s) => ['gradcam', 'saliency'].flatMap((m) => ['npy', 'png'].map((e) => `${s.replace('.png', '')}.${m}.${e}`))).sort();
const text = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');
const rowIds = (dir: string): string[] =>
  text(dir, 'rows.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe('explain --images as a job array', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-explain-folder-'));
  const whole = join(root, 'whole');
  const shard = (i: number): string => join(root, `shard-${i}`);

  it('3 shards merged = the unsharded run, byte for byte (CSV, JSON, 24 map files); digit-7’s maps = explain --image’s', async () => {
    const single = join(root, 'single');
    const runs = await Promise.all([
      cli([...ARGS, '--out', whole]),
      ...[0, 1, 2].map((i) => cli([...ARGS, '--out', shard(i), '--shard-index', String(i), '--num-shards', '3'])),
      cli(['explain', ...MODEL, '--image', demo('digits', 'samples', 'digit-7.png'), '--method', 'saliency,gradcam', '--out', single, '--json']),
    ]);
    console.log(`wall s: ${runs.map((r) => r.seconds.toFixed(1)).join(', ')} (unsharded, 3 shards, single image; side by side)`);
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(runs[1].stdout).toMatch(/1 images \(shard 0 of 3\); outputs in /);
    // sha256 → 4 bytes → mod 3 (run/shards.ts): digit-5 → 0, digit-3 → 1, the other four → 2.
    expect([0, 1, 2].map((i) => rowIds(shard(i)))).toEqual([['digit-5.png'], ['digit-3.png'], ['digit-0.png', 'digit-2.png', 'digit-7.png', 'digit-9.png']]);
    const merged = join(root, 'merged');
    const [m, report] = await Promise.all([
      cli(['merge', shard(0), shard(1), shard(2), '--out', merged]),
      cli(['merge', shard(0), shard(1), shard(2), '--out', join(root, 'never'), '--report', join(root, 'r.html')]),
    ]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/merge --report: explain runs have no HTML report \(evaluate and sanity runs do\)/);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('6 images × 2 methods: 12 maps\n6 samples from 3 shards of explain');
    for (const f of ['explanations.csv', 'explanations.json']) expect(text(merged, f)).toBe(text(whole, f));
    expect(readdirSync(join(whole, 'maps')).sort()).toEqual(MAPS);
    expect(readdirSync(join(merged, 'maps')).sort()).toEqual(MAPS);
    for (const f of MAPS) expect(readFileSync(join(merged, 'maps', f)).equals(readFileSync(join(whole, 'maps', f)))).toBe(true);
    const csv = text(whole, 'explanations.csv').split('\n');
    expect(csv).toHaveLength(1 + 12 + 1);
    expect(csv[0]).toBe(
      'image,method,target,label,logit,probability,min,max,npy,png,trust.sparseness,trust.maxSensitivity,trust.avgSensitivity,trust.radius,trust.samples,trust.randomLogitSsim,trust.otherClass,trust.adcc,trust.fakeCamAdcc',
    );
    // Each digit is classified as itself.
    expect(csv.slice(1, -1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
      SAMPLES.flatMap((s) => ['saliency', 'gradcam'].map((mm) => `${s},${mm},${s[6]}`)),
    );
    // The folder's maps are the single-image command's, value for value.
    for (const mm of ['saliency', 'gradcam']) {
      const a = decodeNpy(new Uint8Array(readFileSync(join(whole, 'maps', `digit-7.${mm}.npy`))));
      const b = decodeNpy(new Uint8Array(readFileSync(join(single, `digit-7.${mm}.npy`))));
      expect(a.shape).toEqual([28, 28]);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
    }
  }, 90_000);

  it('a second run in the same folder resumes all 6 rows (outputs unchanged); another --method there exits 2 naming request.methods', async () => {
    const before = ['rows.jsonl', 'explanations.csv', 'explanations.json'].map((f) => text(whole, f));
    // Side by side: the refusals write nothing, and the resumed run's run.json is replaced whole (renamed), never seen half-written.
    const [again, other, dicom] = await Promise.all([
      cli([...ARGS.slice(0, -2), '--progress', 'lines', '--out', whole]),
      cli([...ARGS.slice(0, 6), 'saliency', ...ARGS.slice(7), '--out', whole]),
      cli([...ARGS, '--out', join(root, 'dicom'), '--dicom-out', join(root, 'dcm')]),
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('6/6 images\n');
    expect(['rows.jsonl', 'explanations.csv', 'explanations.json'].map((f) => text(whole, f))).toEqual(before);
    expect(JSON.parse(text(whole, 'run.json'))).toMatchObject({ attempts: 2, complete: true, counts: { expected: 6, done: 6, failed: 0 } });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is a different run \(differs in: request\.methods\)/);
    expect(dicom.code).toBe(2);
    expect(dicom.stderr).toMatch(/--dicom-out with --images needs --salt-file FILE/);
  }, 60_000);

  it('--keep-going: a text file named bad.png is listed in run.json, the 2 digits are explained, exit 3', async () => {
    const imgs = join(root, 'imgs');
    mkdirSync(imgs);
    for (const s of SAMPLES.slice(0, 2)) copyFileSync(demo('digits', 'samples', s), join(imgs, s));
    writeFileSync(join(imgs, 'bad.png'), 'not a png');
    const dir = join(root, 'kg');
    const r = await cli(['explain', ...MODEL, '--images', imgs, '--method', 'saliency', '--progress', 'none', '--out', dir, '--keep-going']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.png: .*\n.*1 image\(s\) failed: bad\.png/);
    expect(rowIds(dir)).toEqual(SAMPLES.slice(0, 2));
    expect(JSON.parse(text(dir, 'run.json'))).toMatchObject({ counts: { expected: 3, done: 2, failed: 1 }, complete: false, failures: [{ id: 'bad.png' }] });
    expect(readdirSync(join(dir, 'maps')).sort()).toEqual(['digit-0.saliency.npy', 'digit-0.saliency.png', 'digit-2.saliency.npy', 'digit-2.saliency.png']);
    expect(text(dir, 'explanations.csv').split('\n')).toHaveLength(1 + 2 + 1);
  }, 60_000);
});
