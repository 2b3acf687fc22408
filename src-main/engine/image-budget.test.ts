// Open images are bounded by a memory budget (least recently used go first),
// and closeImage/closeModel release them: 20 opens of one large image no
// longer hold 20 copies for the life of the process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../testing/shared-data';
import { initBackend } from './backend';
import { LocalEngine } from './engine';

describe('open images under a memory budget', () => {
  let dir: string;
  let png: string;
  const engine = new LocalEngine();
  const before = process.env.SALIENCY_IMAGE_BUDGET_MB;

  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(join(tmpdir(), 'ss-budget-'));
    png = join(dir, 'big.png');
    // 1000×1000 RGB: held as Float32 HWC, 12 MB per open.
    await sharp({ create: { width: 1000, height: 1000, channels: 3, background: { r: 10, g: 20, b: 30 } } })
      .png()
      .toFile(png);
    process.env.SALIENCY_IMAGE_BUDGET_MB = '40';
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.SALIENCY_IMAGE_BUDGET_MB;
    else process.env.SALIENCY_IMAGE_BUDGET_MB = before;
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the most recently used images within the budget and names the evicted ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await engine.openImage({ path: png })).id);
    const alive: string[] = [];
    for (const id of ids) {
      const ok = await engine.imagePixels({ imageId: id }).then(
        () => true,
        (e: { code?: string; message?: string }) => {
          expect(e.code).toBe('unknown-image');
          expect(e.message).toMatch(/memory budget/);
          return false;
        },
      );
      if (ok) alive.push(id);
    }
    // 40 MB holds three 12 MB images; the last opened are the ones kept.
    expect(alive).toEqual(ids.slice(-3));
  });

  it('closeImage and closeModel release, and a second close says it was not open', async () => {
    const img = (await engine.openImage({ path: demo('digits', 'samples', 'digit-3.png') })).id;
    const model = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
    expect((await engine.predict({ modelId: model, imageId: img })).top[0].label).toBe('3');
    expect(await engine.closeImage({ imageId: img })).toEqual({ closed: true });
    expect(await engine.closeImage({ imageId: img })).toEqual({ closed: false });
    expect(await engine.closeModel({ modelId: model })).toEqual({ closed: true });
    await expect(engine.predict({ modelId: model, imageId: img })).rejects.toMatchObject({ code: 'unknown-model' });
  });
});
