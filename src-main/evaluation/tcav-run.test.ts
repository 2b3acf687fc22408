// TCAV through the engine's `tcav` job on the demo digits: folders of PNGs
// written here (a vertical-bar concept, a pool of held-out digits, 1s to
// probe), the same result as the CLI's, progress, and no tensor left behind.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { parse } from 'parse5';
import { tcavReport } from '../shared/report/tcav-report';
import { digitsSubsets } from '../sanity/digits-data';
import { mulberry32 } from '../shared/random';
import { demo } from '../testing/shared-data';

const png = (path: string, px: ArrayLike<number>): Promise<unknown> =>
  sharp(Buffer.from(Uint8Array.from(px, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))), { raw: { width: 28, height: 28, channels: 1 } })
    .png()
    .toFile(path);

describe('engine tcav', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-tcav-engine-'));
  const dirs = { bars: join(root, 'bars'), random: join(root, 'random'), ones: join(root, 'ones') };
  const engine = new LocalEngine();
  let modelId = '';
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
    Object.values(dirs).forEach((d) => mkdirSync(d));
    const rand = mulberry32(4);
    for (let k = 0; k < 12; k++) {
      const [x0, w] = [10 + Math.floor(rand() * 5), 2 + Math.floor(rand() * 3)];
      await png(
        join(dirs.bars, `bar-${k}.png`),
        Array.from({ length: 784 }, (_, i) => (i % 28 >= x0 && i % 28 < x0 + w && i >= 4 * 28 && i < 24 * 28 ? 0.9 + 0.1 * rand() : 0)),
      );
    }
    const { heldOut } = digitsSubsets(0, 1500, 8);
    let [r, o] = [0, 0];
    for (const [px, label] of heldOut) {
      if (r < 60) await png(join(dirs.random, `r-${r++}.png`), px);
      else if (label === 1 && o < 16) await png(join(dirs.ones, `one-${o++}.png`), px);
    }
  });
  afterAll(async () => {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a vertical-bar concept at conv2 drives class 1 (significant); progress is reported; the report table holds the scores', async () => {
    const events: JobProgress[] = [];
    const off = engine.onProgress((p) => p.jobId === 't1' && void events.push(p));
    const base = tf.memory().numTensors;
    const r = await engine.tcav({
      jobId: 't1',
      modelId,
      layer: 'conv2',
      concept: dirs.bars,
      random: dirs.random,
      images: dirs.ones,
      classes: [1, 7],
      randomSets: 6,
    });
    off();
    expect(tf.memory().numTensors).toBe(base);
    const [one, seven] = r.classes;
    console.log(
      `[engine tcav bars @conv2] class 1 TCAV ${one.mean.toFixed(3)} (random ${one.nullMean.toFixed(3)}, p ${one.p?.toExponential(2)}); class 7 ${seven.mean.toFixed(3)}`,
    );
    expect([r.layer, r.dim, r.concept, r.images]).toEqual(['conv2', 14 * 14 * 16, 12, 16]);
    expect(r.randomSets).toEqual(Array(6).fill(12));
    expect(one.scores).toHaveLength(6);
    expect(one.mean).toBeGreaterThan(0.9);
    expect(one.significant).toBe(true);
    expect(one.mean).toBeGreaterThan(seven.mean);
    expect(events.length).toBeGreaterThan(0);
    const html = tcavReport(r);
    const errors: string[] = [];
    parse(html, { onParseError: (e) => void errors.push(e.code) });
    expect(errors).toEqual([]);
    expect(html).toContain(`${one.mean.toFixed(3)} ± ${one.std.toFixed(3)}`);
    expect(html).not.toMatch(/https?:\/\//);
    await expect(
      engine.tcav({ jobId: 't2', modelId, layer: 'conv2', concept: dirs.bars, random: dirs.random, images: dirs.ones, classes: [10] }),
    ).rejects.toMatchObject({ code: 'bad-target' });
  });
});
