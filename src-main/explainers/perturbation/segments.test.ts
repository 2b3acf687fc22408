import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { lime } from './lime';
import { perturbCtx, smallConvNet } from './fixtures';
import { autoSegments, hiddenForFeatures, interpretableFeatures } from './segments';
import { describeEachBackend } from '../../testing/each-backend';

describeEachBackend(['wasm', 'cpu'], 'interpretable features of LIME and KernelSHAP', () => {
  it('defaults to ~50 superpixels at 224², 10 at 28², in between ∝ side', () => {
    expect(autoSegments(224, 224)).toBe(50);
    expect(autoSegments(448, 448)).toBe(50);
    expect(autoSegments(96, 96)).toBe(21);
    expect(autoSegments(28, 28)).toBe(10);
  });

  it('uses drawn regions as they are and refuses ones that do not fit the input', async () => {
    const model = smallConvNet(4, 4, 1);
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const labels = Int32Array.from({ length: 16 }, (_, p) => (p < 8 ? 0 : 1));
    expect(await interpretableFeatures(perturbCtx(lime, model, x, 0, {}, { regions: { labels, count: 2 } }))).toEqual({ labels, count: 2, source: 'regions' });
    await expect(interpretableFeatures(perturbCtx(lime, model, x, 0, {}, { regions: { labels: labels.slice(1), count: 2 } }))).rejects.toThrow(
      /15 labels.*4×4/,
    );
    await expect(interpretableFeatures(perturbCtx(lime, model, x, 0, {}, { regions: { labels, count: 1 } }))).rejects.toThrow(/0\.\.0/);
    x.dispose();
    model.dispose();
  });

  it('keeps SLIC useful on pure noise by raising the compactness', async () => {
    const model = smallConvNet(28, 28, 1);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const f = await interpretableFeatures(perturbCtx(lime, model, x, 0));
    expect(f.count).toBeGreaterThanOrEqual(5);
    x.dispose();
    model.dispose();
  });

  it('paints each feature with its own mean colour for the segment-mean fill', async () => {
    const model = smallConvNet(2, 2, 3);
    const x = tf.tensor4d([0, 0, 0, 2, 4, 6, 1, 1, 1, 3, 3, 3], [1, 2, 2, 3]);
    const feats = { labels: Int32Array.from([0, 0, 1, 1]), count: 2, source: 'regions' as const };
    const hidden = await hiddenForFeatures(perturbCtx(lime, model, x, 0), feats, 0);
    expect(Array.from(hidden.dataSync())).toEqual([1, 2, 3, 1, 2, 3, 2, 2, 2, 2, 2, 2]);
    tf.dispose([x, hidden]);
    model.dispose();
  });
});
