import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { CancelToken } from '../../core/jobs';
import { perturbCtx, smallConvNet } from './fixtures';
import { occlusion, windowStarts } from './occlusion';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'Occlusion (Zeiler & Fergus 2014)', () => {
  it('places windows every stride plus one flush with the edge', () => {
    expect(windowStarts(9, 3, 2)).toEqual([0, 2, 4, 6]);
    expect(windowStarts(7, 3, 3)).toEqual([0, 3, 4]); // Captum: 0, 3, 6 — its last window truncated to pixel 6 alone
    expect(windowStarts(10, 2, 4)).toEqual([0, 4, 8]); // stride > window: rows 2,3,6,7 uncovered
    expect(windowStarts(5, 8, 1)).toEqual([0]);
  });

  it('equals a hand loop (mean drop over the covering windows) for any batch size, with no leak', async () => {
    const [h, w, c] = [9, 7, 3];
    const model = smallConvNet(h, w, c);
    const x = tf.randomUniform([1, h, w, c], 0, 1, 'float32', 3) as tf.Tensor4D;
    const xv = x.dataSync();
    const mean = [0, 1, 2].map((ch) => Array.from({ length: h * w }, (_, p) => xv[p * c + ch]).reduce((a, b) => a + b) / (h * w));
    const score = (img: Float32Array): number => tf.tidy(() => (model.logits(tf.tensor4d(img, [1, h, w, c])).arraySync() as number[][])[0][1]);
    const s0 = score(Float32Array.from(xv));
    // Window 3 × 3; rows at 0,2,4,6 (stride 2), columns at 0,2,4 — by hand, not from windowStarts.
    const sum = new Float64Array(h * w);
    const cnt = new Float64Array(h * w);
    for (const y0 of [0, 2, 4, 6]) {
      for (const x0 of [0, 2, 4]) {
        const img = Float32Array.from(xv);
        for (let y = y0; y < y0 + 3; y++) for (let xx = x0; xx < x0 + 3; xx++) for (let ch = 0; ch < c; ch++) img[(y * w + xx) * c + ch] = mean[ch];
        const drop = s0 - score(img);
        for (let y = y0; y < y0 + 3; y++) {
          for (let xx = x0; xx < x0 + 3; xx++) {
            sum[y * w + xx] += drop;
            cnt[y * w + xx]++;
          }
        }
      }
    }
    const expected = Array.from(sum, (v, i) => v / cnt[i]);
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1e-3);
    const before = tf.memory().numTensors;
    for (const batch of [1, 5, 64]) {
      const steps: number[] = [];
      const out = await occlusion.run(perturbCtx(occlusion, model, x, 1, { window: 3, stride: 2, fill: 'mean', batch }, { progress: (d) => steps.push(d) }));
      expect(tf.memory().numTensors).toBe(before);
      expect(out.shape).toEqual([h, w]);
      expect(out.extras?.windows).toBe(12);
      expect(steps[steps.length - 1]).toBe(13); // the unoccluded input + 12 windows
      expect(steps.length).toBe(Math.ceil(13 / batch));
      out.map.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    }
    x.dispose();
    model.dispose();
  });

  it('gives 0 to pixels no window covers, defaults to 3-px windows on 28², and cancels', async () => {
    const model = smallConvNet(10, 10, 1);
    const x = tf.randomUniform([1, 10, 10, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const out = await occlusion.run(perturbCtx(occlusion, model, x, 0, { window: 2, stride: 4 }));
    for (let y = 0; y < 10; y++) for (let xx = 0; xx < 10; xx++) if (y % 4 >= 2 || xx % 4 >= 2) expect(out.map[y * 10 + xx]).toBe(0);
    const before = tf.memory().numTensors;
    const token = new CancelToken();
    const run = occlusion.run(
      perturbCtx(occlusion, model, x, 0, { window: 2, stride: 1, batch: 4 }, { signal: token, progress: (d) => d >= 8 && token.cancel() }),
    );
    await expect(run).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
    const m28 = smallConvNet(28, 28, 1);
    const x28 = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const d = await occlusion.run(perturbCtx(occlusion, m28, x28, 0));
    expect(d.extras).toMatchObject({ window: 3, stride: 2, windows: 14 * 14 });
    tf.dispose([x, x28]);
    model.dispose();
    m28.dispose();
  });
});
