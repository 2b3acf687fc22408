// A segmentation output (LRASPP, [1,3,256,256]) as class scores: S_k is the
// class-k logit summed over its predicted mask (Seg-Grad-CAM, Vinogradova et
// al. 2020) or over the whole image, and every gradient and CAM method
// explains that score.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { getMethod } from '../../explainers/registry';
import { runMethod } from '../../explainers/run';
import { decodeNpy } from '../../shared/npy';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { loadModelFromUploads, type LoadedModel } from '../load';
import lraspp from './testing/lraspp-gradient.json';

const NAME = 'lraspp_mobilenet_v3_seg3';
const sidecar = (o: object) => ({ name: 'saliency-studio.json', bytes: new TextEncoder().encode(JSON.stringify(o)) });

describe.skipIf(!HAVE_SHARED)('segmentation targets', () => {
  let bytes: Uint8Array;
  let x: tf.Tensor4D;
  let all: LoadedModel;
  let predicted: LoadedModel;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    bytes = readFileSync(shared('onnx', NAME, 'model.onnx'));
    const inp = decodeNpy(readFileSync(shared('onnx', NAME, 'input.npy')));
    x = tf.tidy(() => tf.transpose(tf.tensor4d(inp.data, inp.shape as [number, number, number, number]), [0, 2, 3, 1]));
    all = await loadModelFromUploads([{ name: 'seg.onnx', bytes }, sidecar({ segmentationRegion: 'all' })]);
    predicted = await loadModelFromUploads([{ name: 'seg.onnx', bytes }]);
  }, 60_000);
  afterAll(() => {
    x?.dispose();
    all?.classifier.dispose();
    predicted?.classifier.dispose();
  });

  it('loads with 3 classes and says how class scores are made', () => {
    expect(predicted.info.numClasses).toBe(3);
    expect(predicted.info.warnings.join(' ')).toMatch(/summed over the pixels predicted as that class/);
    expect(all.info.warnings.join(' ')).toMatch(/summed over the whole image/);
  });

  it('whole-image region: S_0 is class 0 summed over every pixel, and its input gradient equals torch float64 at 24 pixels to 1e-3', () => {
    const masks = decodeNpy(readFileSync(shared('onnx', NAME, 'masks.npy')));
    const plane = 256 * 256;
    const sums = [0, 1, 2].map((k) => masks.data.subarray(k * plane, (k + 1) * plane).reduce((s, v) => s + v, 0));
    const s = tf.tidy(() => Array.from(all.classifier.logits(x).dataSync()));
    s.forEach((v, k) => expect(Math.abs(v - sums[k])).toBeLessThan(1e-4 * Math.abs(sums[k]) + 1e-2));
    const g = tf.tidy(() =>
      tf
        .transpose(
          tf.grad((t: tf.Tensor) =>
            all.classifier
              .logits(t as tf.Tensor4D)
              .slice([0, 0], [1, 1])
              .sum(),
          )(x),
          [0, 3, 1, 2],
        )
        .dataSync(),
    );
    for (const p of lraspp.pixels) {
      const [, c, h, w] = p.nchw;
      expect(Math.abs(g[(c * 256 + h) * 256 + w] - p.grad)).toBeLessThan(1e-3 * lraspp.maxAbs);
    }
  }, 60_000);

  it('predicted region: S_k sums class k over the pixels whose argmax is k (hand computation from torch masks)', () => {
    const masks = decodeNpy(readFileSync(shared('onnx', NAME, 'masks.npy')));
    const plane = 256 * 256;
    const want = [0, 0, 0];
    for (let i = 0; i < plane; i++) {
      const v = [0, 1, 2].map((k) => masks.data[k * plane + i]);
      const k = v.indexOf(Math.max(...v));
      want[k] += v[k];
    }
    const s = tf.tidy(() => Array.from(predicted.classifier.logits(x).dataSync()));
    s.forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThan(1e-4 * Math.max(...want.map(Math.abs)) + 1e-2));
  }, 60_000);

  it('Grad-CAM and saliency explain the score of the class that covers most of the image', async () => {
    // A class predicted nowhere has S_k = 0 and no gradient: explain the one with the largest score.
    const s = tf.tidy(() => Array.from(predicted.classifier.logits(x).dataSync()));
    const target = s.indexOf(Math.max(...s));
    for (const id of ['gradcam', 'saliency']) {
      const method = getMethod(id);
      const out = await runMethod({
        method,
        model: predicted.classifier,
        input: x,
        target,
        layer: method.needsLayer ? predicted.info.autoLayer : null,
        params: {},
      });
      const m = (out as { map: Float32Array }).map;
      expect(m.length).toBe(256 * 256);
      expect(m.every(Number.isFinite)).toBe(true);
      expect(Math.max(...m) - Math.min(...m)).toBeGreaterThan(0);
    }
  }, 60_000);
});
