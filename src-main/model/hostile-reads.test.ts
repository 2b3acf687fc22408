// Hostile model folders (2 of 2): every read is bounded and regular-file-only
// (FIFOs, devices, /proc/self/fd, shards of the wrong size).

import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadModelFromPath, loadModelFromUploads } from './load';
import { buildModel, fixture, mkfifo, refusal, topology, unblock, WEIGHT_BYTES, weights, weightSpecs, within } from './testing/hostile-fixtures';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  await buildModel();
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
    expect(e.code).toBe('wrong-size');
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
    expect(short.code).toBe('wrong-size');
    const { classifier } = await loadModelFromUploads(up(weights));
    classifier.dispose();
  });
});
