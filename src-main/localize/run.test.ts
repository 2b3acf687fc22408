// Localisation through the engine on the chest-phantom demo, whose samples
// carry ground-truth nodule masks.
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { demo } from '../testing/shared-data';
import { evaluateManifest, MANIFEST_BYTE_LIMIT, readManifest, type LocalizeDeps } from './run';

describe('localize on the chest phantoms', () => {
  const engine = new LocalEngine();
  let model: ModelInfo;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    model = await engine.openModel({ path: demo('chest', 'model.json') });
  });
  afterAll(() => engine.close());

  it('segments a nodule sample: a 96×96 mask, a box, seeds at the 95%/30% quantiles, and IoU against its mask file', async () => {
    const image = await engine.openImage({ path: demo('chest', 'samples', 'phantom-02.png') });
    const before = tf.memory().numTensors;
    const r = await engine.localize({ jobId: 'l1', modelId: model.id, imageId: image.id, target: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.shape).toEqual([96, 96]);
    expect(r.mask.length).toBe(96 * 96);
    // 5% of 9216 px ≈ 461 object seeds, 30% ≈ 2765 background seeds (ties may add a few).
    expect(r.fgSeeds).toBeGreaterThanOrEqual(461);
    expect(r.fgSeeds).toBeLessThan(480);
    expect(r.bgSeeds).toBeGreaterThanOrEqual(2764);
    expect(r.truth).toBeDefined();
    expect(r.truth!.iou).toBeGreaterThanOrEqual(0);
    expect(r.truth!.iou).toBeLessThanOrEqual(1);
    console.log(
      `phantom-02 saliency+graphcut: IoU ${r.truth!.iou.toFixed(3)} box IoU ${r.truth!.boxIou.toFixed(3)} pointing ${r.truth!.pointing} box ${JSON.stringify(r.box)} ${r.ms.toFixed(0)} ms`,
    );
  });

  it('evaluates the manifest: one row per (method, segmenter) over the 3 nodule samples, with the pointing game independent of the segmenter', async () => {
    const r = await engine.localizeEvaluate({
      jobId: 'ev',
      modelId: model.id,
      manifest: demo('chest', 'samples', 'manifest.json'),
      methods: ['saliency', 'gradcam'],
    });
    expect(r.rows.map((x) => `${x.method}/${x.segmenter}`)).toEqual(['saliency/graphcut', 'saliency/threshold', 'gradcam/graphcut', 'gradcam/threshold']);
    for (const row of r.rows) {
      expect(row.n).toBe(3);
      expect(row.pointingRate).toBe(row.pointingHits / 3);
      console.log(
        `${row.method}/${row.segmenter}: mean IoU ${row.meanIou.toFixed(3)} box IoU ${row.meanBoxIou.toFixed(3)} pointing ${row.pointingHits}/${row.n}`,
      );
    }
    // The pointing game depends on the map only, not on the segmenter.
    expect(r.rows[0].pointingHits).toBe(r.rows[1].pointingHits);
    expect(r.samples).toHaveLength(12);
  });

  it('nodules cover ~0.5% of the image: with object seeds above the 99.8% quantile (≈18 px) graph cut beats thresholding on IoU (measured 0.45 vs 0.32)', async () => {
    const r = await engine.localizeEvaluate({ jobId: 'ev2', modelId: model.id, manifest: demo('chest', 'samples', 'manifest.json'), fgQuantile: 0.998 });
    const [cut, thr] = r.rows;
    expect([cut.segmenter, thr.segmenter]).toEqual(['graphcut', 'threshold']);
    expect(cut.meanIou).toBeGreaterThan(thr.meanIou + 0.05);
    expect(cut.meanIou).toBeGreaterThan(0.35);
  });
});

describe('the manifest read is bounded and quiet', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
  // evaluateManifest must refuse before it asks the engine for anything.
  const untouched = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('deps used');
      },
    },
  ) as LocalizeDeps;
  const evaluate = (manifest: string) => evaluateManifest(untouched, { jobId: 'm', modelId: 'none', manifest }, { check: () => {} } as never);

  it('a non-JSON manifest names the file and the byte, never its text', async () => {
    const p = put('shadow.json', 'root:*:20228:0:99999:7:::\n');
    const e = await failure(evaluate(p));
    expect(e?.code).toBe('bad-manifest');
    expect(e?.message).toBe(`${p}: not valid JSON`);
    expect(e?.message).not.toMatch(/root|20228/);
    const late = await failure(readManifest(put('late.json', '[{"file": "a.png"}] root:*:20228')));
    expect(late?.message).toBe(`${join(dir, 'late.json')}: not valid JSON (at byte 20)`);
  });

  it('a manifest that is not a list of entries is bad-manifest', async () => {
    expect((await failure(readManifest(put('obj.json', '{"file": "a.png"}'))))?.code).toBe('bad-manifest');
    expect((await failure(readManifest(put('nums.json', '[1, 2]'))))?.message).toMatch(/must be a list of \{file, mask\?, hasNodule\?\} entries$/);
    expect(await readManifest(put('ok.json', '[{"file": "a.png", "mask": "a.mask.png"}]'))).toEqual([{ file: 'a.png', mask: 'a.mask.png' }]);
  });

  it('a FIFO, /dev/zero and a file above 64 MiB are refused before reading, in < 2 s', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const big = put('big.json', '[');
    truncateSync(big, MANIFEST_BYTE_LIMIT + 1); // sparse: its size is checked on the descriptor, nothing is read
    const t = performance.now();
    expect((await failure(evaluate(fifo)))?.code).toBe('not-a-file');
    expect((await failure(evaluate('/dev/zero')))?.code).toBe('not-a-file');
    expect(await failure(evaluate(big))).toMatchObject({
      code: 'too-large',
      message: `${big}: ${MANIFEST_BYTE_LIMIT + 1} bytes, above the ${MANIFEST_BYTE_LIMIT}-byte limit`,
    });
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe('manifest entries stay beside the manifest', () => {
  it('refuses a sample path that climbs out of the manifest folder, before opening anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-manifest-'));
    try {
      const manifest = join(dir, 'manifest.json');
      writeFileSync(manifest, JSON.stringify([{ file: '../../etc/passwd', mask: 'm.png' }]));
      const opened: string[] = [];
      const deps = {
        model: () => ({ labels: ['normal', 'nodule'], numClasses: 2 }),
        openImage: async (r: { path: string }) => (opened.push(r.path), { id: 'x' }),
      };
      await expect(evaluateManifest(deps as never, { jobId: 'j', modelId: 'm', manifest }, { cancelled: false, check: () => undefined })).rejects.toMatchObject(
        { code: 'outside-folder' },
      );
      expect(opened).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
