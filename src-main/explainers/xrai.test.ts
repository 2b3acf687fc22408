import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { loadImageFile } from '../io/load';
import { type Classifier } from '../model/classifier';
import { layersClassifier } from '../model/layers-classifier';
import { loadModelFromPath } from '../model/load';
import { preprocess } from '../model/preprocess';
import { HAVE_SHARED, SHARED_MODELS, demo } from '../testing/shared-data';
import { resolveParams } from './registry';
import { buildMasks, xrai, xraiGreedy } from './xrai';
import type { ParamValues } from '../api/types';

async function runXrai(
  model: Classifier,
  input: tf.Tensor4D,
  target: number,
  params: ParamValues,
  signal = new CancelToken(),
  progress = (_d: number, _t: number): void => {},
) {
  const before = tf.memory().numTensors;
  try {
    return await xrai.run({ model, input, target, layer: null, params: resolveParams(xrai, params), signal, progress });
  } finally {
    expect(tf.memory().numTensors).toBe(before);
  }
}

/** The properties every XRAI map has: ranked regions, best first, the whole image covered. */
function checkRanked(out: Awaited<ReturnType<typeof runXrai>>): void {
  const regions = out.extras?.regions as number;
  const order = out.extras?.order as number[];
  expect(regions).toBeGreaterThan(0);
  expect(new Set(out.map).size).toBeLessThanOrEqual(regions + 1);
  let max = -Infinity;
  for (const v of out.map) max = Math.max(max, v);
  // The first region added is the densest. The greedy does not guarantee it in general (what is
  // left of a mask can be denser than any whole mask was), but it holds on these inputs.
  expect(order[0]).toBeCloseTo(max, 5);
  expect(out.extras?.coveredFraction).toBe(1);
  expect(out.map.every(Number.isFinite)).toBe(true);
}

describe('xrai (Kapishnikov et al. 2019)', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('greedy adds regions by density of their not-yet-covered pixels', () => {
    // 1×6 strip, attr [4,4,1,1,0,8]; masks {0,1,2} {3,4,5} from one map, {0,1} {2,3} {4,5} from the other.
    const attr = new Float32Array([4, 4, 1, 1, 0, 8]);
    const A = new Int32Array([0, 0, 0, 1, 1, 1]); // scale 1: A | rest
    const B = new Int32Array([0, 0, 1, 1, 2, 2]); // scale 2: {0,1} | B | C
    const masks = buildMasks([A, B], 1, 6, 0);
    expect(masks.count).toBe(5);
    const r = xraiGreedy(attr, masks, 1, 1);
    // {0,1} (density 4, first of a tie) beats {3,4,5} (3); then {4,5} (4); what is left of
    // {0,1,2} and {3,4,5} is one pixel of density 1 each.
    expect(r.gains).toEqual([4, 4, 1, 1]);
    expect(Array.from(r.map)).toEqual([4, 4, 1, 1, 4, 4]);
    expect(r.coveredFraction).toBe(1);
    // areaThreshold stops once it is exceeded; the rest gets its own mean (1+1+0+8)/4.
    const early = xraiGreedy(attr, masks, 0.3, 1);
    expect(early.gains).toEqual([4]);
    expect(Array.from(early.map)).toEqual([4, 4, 2.5, 2.5, 2.5, 2.5]);
    // minPixelDiff drops regions adding fewer pixels: only the 3-pixel masks qualify.
    expect(xraiGreedy(attr, masks, 1, 3).gains).toEqual([3, 3]);
  });

  it('dilates segments by a disk, so masks overlap across a border', () => {
    const labels = new Int32Array(5 * 5).map((_, i) => (i % 5 < 2 ? 0 : 1));
    const m = buildMasks([labels], 5, 5, 1);
    expect(m.maskStart[1] - m.maskStart[0]).toBe(15); // columns 0..2
    expect(m.maskStart[2] - m.maskStart[1]).toBe(20); // columns 1..4
  });

  it('puts the top region on the square that carries all the attribution of a linear model', async () => {
    // Logit 0 = Σ w·x with w = 1 on a 6×6 block only; IG of a linear model is exact: (x − x′)·w.
    const [top, left] = [5, 16];
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 2, useBias: false })] });
    const wt = new Float32Array(784 * 2);
    const img = new Float32Array(784);
    const inSquare = (p: number): boolean => Math.floor(p / 28) >= top && Math.floor(p / 28) < top + 6 && p % 28 >= left && p % 28 < left + 6;
    for (let p = 0; p < 784; p++) {
      if (inSquare(p)) wt[p * 2] = 1;
      img[p] = (inSquare(p) ? 0.9 : 0.2) + 0.03 * Math.sin(p * 12.9898); // a visible square and mild texture
    }
    model.setWeights([tf.tensor2d(wt, [784, 2])]);
    const x = tf.tensor4d(img, [1, 28, 28, 1]);
    const out = await runXrai(layersClassifier(model), x, 0, { steps: 4 });
    checkRanked(out);
    let max = -Infinity;
    for (const v of out.map) max = Math.max(max, v);
    let inter = 0;
    let union = 0;
    for (let p = 0; p < 784; p++) {
      const a = out.map[p] === max;
      inter += +(a && inSquare(p));
      union += +(a || inSquare(p));
    }
    expect(inter / union).toBeGreaterThan(0.5);
    // Observed 32/36: the square's upsampled, blurred rim forms its own thin segment, so the
    // densest region is the interior dilated by 1 px, which lies wholly inside the square.
    expect(union).toBe(36);
    tf.dispose(x);
    model.dispose();
  });

  it('runs on the demo digits CNN with ranked regions and cancels between the IG passes', async () => {
    const { classifier, info } = await loadModelFromPath(demo('digits', 'model.json'));
    const x = preprocess(await loadImageFile(demo('digits', 'samples', 'digit-7.png')), info.preprocess, 28, 28, 1);
    const out = await runXrai(classifier, x, 7, { steps: 16 });
    checkRanked(out);
    expect(out.shape).toEqual([28, 28]);
    expect(out.extras?.candidates).toBeGreaterThan(out.extras?.regions as number);

    // Cancel as the first (black) pass reports its last step: the white pass must not run.
    const token = new CancelToken();
    let maxDone = 0;
    const err = await runXrai(classifier, x, 7, { steps: 16, batch: 4 }, token, (d) => {
      maxDone = Math.max(maxDone, d);
      if (d >= 16) token.cancel();
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('cancelled');
    expect(maxDone).toBe(16);
    tf.dispose(x);
    classifier.dispose();
  });

  it.skipIf(!HAVE_SHARED)('runs on LeNet (multi-output) with ranked regions', async () => {
    const { classifier, info } = await loadModelFromPath(SHARED_MODELS.lenet);
    const x = preprocess(
      await loadImageFile(demo('digits', 'samples', 'digit-3.png')),
      info.preprocess,
      classifier.inputHeight,
      classifier.inputWidth,
      classifier.inputChannels,
    );
    const out = await runXrai(classifier, x, 3, { steps: 8, scales: '100,500' });
    checkRanked(out);
    expect(out.shape).toEqual([classifier.inputHeight, classifier.inputWidth]);
    tf.dispose(x);
    classifier.dispose();
  });

  it('rejects malformed scales naming the parameter', async () => {
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 2 })] });
    await expect(runXrai(layersClassifier(model), x, 0, { scales: '50,abc' })).rejects.toThrow(/scales/);
    tf.dispose(x);
    model.dispose();
  });
});
