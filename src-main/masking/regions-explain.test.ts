import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { describeMethods } from '../explainers/registry';
import { demo } from '../testing/shared-data';

const HAVE_LIME = describeMethods().some((m) => m.id === 'lime');
if (!HAVE_LIME) console.warn('[skip] "lime" is not in the registry yet: the regions-as-features run is skipped');

const engine = new LocalEngine();
let modelId = '';
let imageId = '';
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  modelId = (await engine.openModel({ path: demo('digits', 'model.json') })).id;
  imageId = (await engine.openImage({ path: demo('digits', 'samples', 'digit-7.png') })).id;
});
afterAll(() => engine.close());

/** Region 1: rows 0…9; region 2: rows 20…27; the rest (rows 10…19) stays 0. */
function bands(): Uint8Array {
  const l = new Uint8Array(28 * 28);
  l.fill(1, 0, 10 * 28);
  l.fill(2, 20 * 28);
  return l;
}

describe('drawn regions reach explain as ExplainContext.regions', () => {
  it('refuses regions drawn for another image size, naming both sizes, and leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    await expect(
      engine.explain({ jobId: 'r1', modelId, imageId, method: 'saliency', regions: { width: 14, height: 56, labels: new Uint8Array(784) } }),
    ).rejects.toThrow('the regions are 14×56, digit-7.png is 28×28');
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(!HAVE_LIME)('LIME uses them as its features: 3 features (2 regions + the rest), one weight per band', async () => {
    const r = await engine.explain({
      jobId: 'r2',
      modelId,
      imageId,
      method: 'lime',
      params: { samples: 64, seed: 1 },
      regions: { width: 28, height: 28, labels: bands() },
    });
    expect(r.extras?.features).toBe('regions');
    expect(r.extras?.segments).toBe(3);
    const w = r.extras?.segmentWeights as number[];
    // Feature order follows the labels: 0 = the rest, 1 = top band, 2 = bottom band.
    expect(r.map[0]).toBeCloseTo(w[1], 6);
    expect(r.map[15 * 28]).toBeCloseTo(w[0], 6);
    expect(r.map[27 * 28 + 27]).toBeCloseTo(w[2], 6);
    expect(new Set(r.map).size).toBeLessThanOrEqual(3);
  });
});
