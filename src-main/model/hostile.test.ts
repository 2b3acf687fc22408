// Hostile model folders: model.json, weight shards, saliency-studio.json and
// labels files are untrusted. Every path they name must stay inside the model's
// folder, every read is bounded and regular-file-only, and no error message
// quotes a file's bytes.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadModelFromPath, loadModelFromUploads } from './load';

const WEIGHT_BYTES = (16 * 3 + 3) * 4; // Flatten(4×4×1) -> Dense(3): kernel 16×3 + bias 3, float32
// Exactly WEIGHT_BYTES, so that a loader following `../secret.bin` would accept it as weights.
const SECRET = Buffer.from('S3CR3T-'.repeat(40).slice(0, WEIGHT_BYTES));
const PASSWD = 'root:*:20228:0:99999:7:::';

let topology: unknown;
let weightSpecs: tf.io.WeightsManifestEntry[];
let weights: Buffer;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      topology = a.modelTopology;
      weightSpecs = a.weightSpecs ?? [];
      const wd = a.weightData ?? new ArrayBuffer(0);
      weights = Array.isArray(wd) ? Buffer.concat(wd.map((b) => Buffer.from(b))) : Buffer.from(wd);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  m.dispose();
  expect(weights.byteLength).toBe(WEIGHT_BYTES);
});

interface Fixture {
  /** The folder holding the model folder, and the secrets outside it. */
  base: string;
  dir: string;
  model: string;
}

/** base/{secret.bin, labels.txt} outside; base/model/{model.json, w.bin, saliency-studio.json?} inside. */
async function fixture(opts: { paths?: string[]; sidecar?: unknown; weights?: Buffer | null } = {}): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'ss-hostile-'));
  const dir = join(base, 'model');
  await mkdir(dir);
  await writeFile(join(base, 'secret.bin'), SECRET);
  await writeFile(join(base, 'labels.txt'), 'leaked-a\nleaked-b\nleaked-c\n');
  const model = join(dir, 'model.json');
  await writeFile(
    model,
    JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: opts.paths ?? ['w.bin'], weights: weightSpecs }] }),
  );
  if (opts.weights !== null) await writeFile(join(dir, 'w.bin'), opts.weights ?? weights);
  if (opts.sidecar !== undefined)
    await writeFile(join(dir, 'saliency-studio.json'), typeof opts.sidecar === 'string' ? opts.sidecar : JSON.stringify(opts.sidecar));
  return { base, dir, model };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the model to be refused, but it loaded');
}

/** Settles within `ms` or reports a hang (the FIFO regression) instead of parking the worker. */
async function within(p: Promise<unknown>, ms: number): Promise<{ code?: string; message?: string; ms: number } | 'hung'> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hung'>((res) => (timer = setTimeout(() => res('hung'), ms)));
  const r = await Promise.race([
    p.then(
      () => ({ ms: performance.now() - t0 }),
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message, ms: performance.now() - t0 }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  return r;
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Releases a reader parked in open(2) on a FIFO (the pre-fix loader), so the worker can exit. */
function unblock(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody is reading, nothing to release.
  }
}

describe('a well-formed fixture loads (the control for every refusal below)', () => {
  it('3 classes, labels from a labelsFile inside the folder, shard through an inside symlink', async () => {
    const f = await fixture({ weights: null, sidecar: { labelsFile: 'names/n.txt' } });
    await mkdir(join(f.dir, 'names'));
    await writeFile(join(f.dir, 'names', 'n.txt'), 'a\nb\nc\n');
    await mkdir(join(f.dir, 'sub'));
    await writeFile(join(f.dir, 'sub', 'real.bin'), weights);
    await symlink(join('sub', 'real.bin'), join(f.dir, 'w.bin'));
    const { info, classifier } = await loadModelFromPath(f.model);
    expect(info.numClasses).toBe(3);
    expect(info.labels).toEqual(['a', 'b', 'c']);
    expect(info.path).toBe(f.model);
    classifier.dispose();
  });

  it('a folder given as path, reached through a symlinked folder, opens its model.json and keeps the given path', async () => {
    const f = await fixture();
    const link = join(f.base, 'link');
    await symlink(f.dir, link);
    const { info, classifier } = await loadModelFromPath(link);
    expect(info.numClasses).toBe(3);
    expect(info.path).toBe(join(link, 'model.json'));
    classifier.dispose();
  });
});

describe('every path a model file names stays inside its folder', () => {
  it('a shard "../secret.bin" is refused, not read as Dense biases', async () => {
    const f = await fixture({ paths: ['../secret.bin'] });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('../secret.bin');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('a shard that is a symlink pointing outside is refused', async () => {
    const f = await fixture({ weights: null });
    await symlink(join(f.base, 'secret.bin'), join(f.dir, 'w.bin'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('w.bin');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('an absolute shard path is refused, even one that exists', async () => {
    const f = await fixture();
    await writeFile(
      join(f.dir, 'model.json'),
      JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: [join(f.base, 'secret.bin')], weights: weightSpecs }] }),
    );
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('a missing shard that climbs out is refused as outside, not probed', async () => {
    const f = await fixture({ paths: ['../../nope.bin'] });
    expect((await refusal(loadModelFromPath(f.model))).code).toBe('outside-folder');
  });

  it('labelsFile "../labels.txt" in saliency-studio.json is refused, its lines never become labels', async () => {
    const f = await fixture({ sidecar: { labelsFile: '../labels.txt' } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('labelsFile');
    expect(e.message).not.toContain('leaked');
  });

  it('an auto-detected labels.txt that is a symlink out of the folder is refused', async () => {
    const f = await fixture();
    await symlink(join(f.base, 'labels.txt'), join(f.dir, 'labels.txt'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('leaked');
  });

  it('a saliency-studio.json that is a symlink out of the folder is refused', async () => {
    const f = await fixture();
    await writeFile(join(f.base, 'other.json'), JSON.stringify({ labels: ['leaked-a', 'leaked-b', 'leaked-c'] }));
    await symlink(join(f.base, 'other.json'), join(f.dir, 'saliency-studio.json'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('leaked');
  });
});

describe('reads are bounded and regular-file-only', () => {
  it('a FIFO as the model path fails fast with not-a-file', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ss-fifo-'));
    const fifo = join(base, 'model.json');
    mkfifo(fifo);
    const r = await within(loadModelFromPath(fifo), 2000);
    unblock(fifo);
    expect(r).not.toBe('hung');
    expect(r).toMatchObject({ code: 'not-a-file' });
    expect((r as { ms: number }).ms).toBeLessThan(1000);
  });

  it('a FIFO as a weight shard fails fast with not-a-file naming the shard', async () => {
    const f = await fixture({ weights: null });
    mkfifo(join(f.dir, 'w.bin'));
    const r = await within(loadModelFromPath(f.model), 2000);
    unblock(join(f.dir, 'w.bin'));
    expect(r).not.toBe('hung');
    expect(r).toMatchObject({ code: 'not-a-file', message: expect.stringContaining('w.bin') });
    expect((r as { ms: number }).ms).toBeLessThan(1000);
  });

  it('a FIFO as saliency-studio.json fails fast with not-a-file', async () => {
    const f = await fixture();
    mkfifo(join(f.dir, 'saliency-studio.json'));
    const r = await within(loadModelFromPath(f.model), 2000);
    unblock(join(f.dir, 'saliency-studio.json'));
    expect(r).not.toBe('hung');
    expect(r).toMatchObject({ code: 'not-a-file', message: expect.stringContaining('saliency-studio.json') });
  });

  it('/dev/zero as the model path is refused, not read', async () => {
    const r = await within(loadModelFromPath('/dev/zero'), 2000);
    expect(r).toMatchObject({ code: 'not-a-file' });
  });

  it.skipIf(!existsSync('/proc/self/fd'))('/proc/self/fd/N open on /dev/zero is refused, not read', async () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = await within(loadModelFromPath(`/proc/self/fd/${fd}`), 2000);
      expect(r).toMatchObject({ code: 'not-a-file' });
    } finally {
      closeSync(fd);
    }
  });

  it('a shard 4 bytes larger than the manifest declares is refused with both sizes', async () => {
    const f = await fixture({ weights: Buffer.concat([weights, Buffer.alloc(4)]) });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('wrong-size');
    expect(e.message).toMatch(/"w\.bin".*\b208\b.*\b204\b/);
  });

  it('a shard 4 bytes short is refused with both sizes', async () => {
    const f = await fixture({ weights: weights.subarray(0, WEIGHT_BYTES - 4) });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('short-weights');
    expect(e.message).toMatch(/w\.bin.*\b200 bytes\b.*\b204\b/);
  });

  it('a second shard past the group total is refused, naming it', async () => {
    const f = await fixture({ paths: ['w.bin', 'extra.bin'] });
    await writeFile(join(f.dir, 'extra.bin'), Buffer.alloc(8));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('wrong-size');
    expect(e.message).toContain('"extra.bin"');
    expect(e.message).toMatch(/\b8 bytes\b/);
  });

  it('a 64 MiB (sparse) shard declared as 204 bytes is refused from its size, without reading it', async () => {
    const f = await fixture();
    await truncate(join(f.dir, 'w.bin'), 64 * 1024 * 1024);
    const rss = process.memoryUsage().rss;
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('wrong-size');
    expect(e.message).toContain(String(64 * 1024 * 1024));
    expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 1024 * 1024);
  });

  it('a manifest declaring a terabyte of weights is refused before any shard is read', async () => {
    const f = await fixture();
    await writeFile(
      f.model,
      JSON.stringify({
        modelTopology: topology,
        weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'huge', shape: [2 ** 20, 2 ** 18], dtype: 'float32' }] }],
      }),
    );
    expect((await refusal(loadModelFromPath(f.model))).code).toBe('too-large');
  });

  it('a malformed manifest (negative dimension) is refused with bad-manifest', async () => {
    const f = await fixture();
    await writeFile(
      f.model,
      JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['w.bin'], weights: [{ ...weightSpecs[0], shape: [-16, 3] }, weightSpecs[1]] }] }),
    );
    expect((await refusal(loadModelFromPath(f.model))).code).toBe('bad-manifest');
  });

  it('a (sparse) model.json above the 256 MiB bound is refused from its size', async () => {
    const f = await fixture();
    await truncate(f.model, 256 * 1024 * 1024 + 1);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('too-large');
  });

  it('a (sparse) saliency-studio.json above 4 MiB is refused from its size', async () => {
    const f = await fixture({ sidecar: {} });
    await truncate(join(f.dir, 'saliency-studio.json'), 4 * 1024 * 1024 + 1);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('saliency-studio.json');
  });

  it('uploads: the shards must also total exactly what the manifest declares', async () => {
    const f = await fixture();
    const json = new Uint8Array(await readFile(f.model));
    const up = (bin: Uint8Array): { name: string; bytes: Uint8Array }[] => [
      { name: 'model.json', bytes: json },
      { name: 'w.bin', bytes: bin },
    ];
    const long = await refusal(loadModelFromUploads(up(Buffer.concat([weights, Buffer.alloc(4)]))));
    expect(long.code).toBe('wrong-size');
    expect(long.message).toMatch(/\b208\b.*\b204\b/);
    const short = await refusal(loadModelFromUploads(up(weights.subarray(0, 200))));
    expect(short.code).toBe('short-weights');
    const { classifier } = await loadModelFromUploads(up(weights));
    classifier.dispose();
  });
});

describe('error messages never quote a file', () => {
  const noEcho = (e: { message: string }): void => {
    expect(e.message).not.toContain('root');
    expect(e.message).not.toContain('20228');
  };

  it('model.json holding a passwd line: model-not-json, naming the file, quoting nothing', async () => {
    const f = await fixture();
    await writeFile(f.model, PASSWD);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('model-not-json');
    expect(e.message).toContain('model.json');
    expect(e.message).toContain('not valid JSON');
    noEcho(e);
  });

  it('the same through uploads', async () => {
    const e = await refusal(loadModelFromUploads([{ name: 'model.json', bytes: new TextEncoder().encode(PASSWD) }]));
    expect(e.code).toBe('model-not-json');
    noEcho(e);
  });

  it('a JSON error gives the byte offset (not the character index) and nothing else of the text', async () => {
    const f = await fixture();
    await writeFile(f.model, '{"é":1,}'); // V8: "at position 7" (characters); é is 2 bytes in UTF-8
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('model-not-json');
    expect(e.message).toMatch(/not valid JSON \(at byte 8\)/);
    expect(e.message).not.toContain('é');
  });

  it('saliency-studio.json holding a passwd line: bad-sidecar, quoting nothing', async () => {
    const f = await fixture({ sidecar: PASSWD });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-sidecar');
    expect(e.message).toContain('saliency-studio.json');
    noEcho(e);
  });

  it('a labels .json holding a passwd line: bad-labels, quoting nothing', async () => {
    const f = await fixture({ sidecar: { labelsFile: 'classes.json' } });
    await writeFile(join(f.dir, 'classes.json'), PASSWD);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-labels');
    expect(e.message).toContain('classes.json');
    noEcho(e);
  });

  it('sidecar fields of the wrong type are refused (a 3-character string is not 3 labels)', async () => {
    const f = await fixture({ sidecar: { labels: 'abc' } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-sidecar');
    expect(e.message).toContain('"labels"');
    const g = await fixture({ sidecar: { outputIndex: '0' } });
    expect((await refusal(loadModelFromPath(g.model))).code).toBe('bad-sidecar');
  });
});

describe('preprocessing from the request and from saliency-studio.json is checked', () => {
  it('override {preset:"bogus"} is a bad-request naming the field and the presets', async () => {
    const f = await fixture();
    const e = await refusal(loadModelFromPath(f.model, { preset: 'bogus' } as never));
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/preset.*unit, signed, imagenet, caffe, raw/);
  });

  it('override resize and invert of the wrong kind are refused; the same through uploads', async () => {
    const f = await fixture();
    expect(await refusal(loadModelFromPath(f.model, { resize: 'zoom' } as never))).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('resize'),
    });
    expect(await refusal(loadModelFromPath(f.model, { invert: 'yes' } as never))).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('invert'),
    });
    const files = [
      { name: 'model.json', bytes: new Uint8Array(await readFile(f.model)) },
      { name: 'w.bin', bytes: new Uint8Array(weights) },
    ];
    expect(await refusal(loadModelFromUploads(files, { preset: 'bogus' } as never))).toMatchObject({ code: 'bad-request' });
  });

  it('a sidecar preprocess {preset:"bogus"} is refused, naming saliency-studio.json', async () => {
    const f = await fixture({ sidecar: { preprocess: { preset: 'bogus' } } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-request');
    expect(e.message).toContain('saliency-studio.json');
    expect(e.message).toContain('preset');
  });

  it('a valid override still merges over the sidecar and the defaults', async () => {
    const f = await fixture({ sidecar: { preprocess: { resize: 'pad' } } });
    const { info, classifier } = await loadModelFromPath(f.model, { preset: 'signed' });
    expect(info.preprocess).toEqual({ preset: 'signed', resize: 'pad', invert: false });
    classifier.dispose();
  });
});
