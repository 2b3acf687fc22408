// Sigmoid (multi-label) heads: detected from the model, or declared in the
// sidecar for raw logits; S_c stays the pre-activation logit, probabilities
// are independent sigmoids everywhere they are read (top-k, metrics).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { targetProbabilities } from '../metrics/scoring';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { probabilities } from './head';
import { loadModelFromUploads } from './load';
import { onnxFromBytes } from './onnx/load';
import { buildModel, tensor } from './onnx/testing/build';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const upload = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

/** x [1,1,2,2] → Flatten → Gemm (3 classes) → Sigmoid. */
function sigmoidModel(): Uint8Array {
  return buildModel({
    input: [1, 1, 2, 2],
    output: ['p', [1, 3]],
    nodes: [
      { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
      { op: 'Gemm', inputs: ['f', 'w', 'b'], outputs: ['z'], int: { transB: 1 } },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['p'] },
    ],
    initializers: [tensor('w', [3, 4], [1, -1, 0.5, 2, -2, 0.25, 1, 1, 0, 0, 3, -1]), tensor('b', [3], [0.5, -0.5, 1])],
  });
}

describe('classifier heads', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('probabilities: softmax sums to 1, sigmoid is per class and does not', () => {
    const l = tf.tensor2d([[2, 0, -1]]);
    const s = tf.tidy(() => Array.from(probabilities('softmax', l).dataSync()));
    const g = tf.tidy(() => Array.from(probabilities('sigmoid', l).dataSync()));
    expect(s.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    g.forEach((v, i) => expect(v).toBeCloseTo(sigmoid([2, 0, -1][i]), 6));
    expect(g.reduce((a, b) => a + b)).toBeCloseTo(sigmoid(2) + 0.5 + sigmoid(-1), 6);
    l.dispose();
  });

  it('an ONNX graph ending in Sigmoid is multi-label: S_c is the logit before it, metrics read sigmoid(S_c)', async () => {
    const c = onnxFromBytes(sigmoidModel(), 'sig.onnx');
    expect(c.head).toBe('sigmoid');
    expect(c.headKnown).toBe(true);
    const x = tf.tensor4d([0.2, -0.4, 0.6, 1], [1, 2, 2, 1]);
    // Flatten reads NCHW; with one channel the order is the pixels' own.
    const f = [0.2, -0.4, 0.6, 1];
    const W = [1, -1, 0.5, 2, -2, 0.25, 1, 1, 0, 0, 3, -1];
    const z = [0, 1, 2].map((j) => f.reduce((s, v, i) => s + v * W[j * 4 + i], 0) + [0.5, -0.5, 1][j]);
    const logits = tf.tidy(() => Array.from(c.logits(x).dataSync()));
    logits.forEach((v, i) => expect(v).toBeCloseTo(z[i], 5));
    const pt = await targetProbabilities(c, x, [0]);
    const p = Array.from(pt.dataSync());
    pt.dispose();
    expect(p[0]).toBeCloseTo(sigmoid(z[0]), 5);
    x.dispose();
    c.dispose();
  });

  it.skipIf(!HAVE_SHARED)(
    'CheXNet-style raw logits: softmax assumed and said; the sidecar\'s "head": "sigmoid" makes it multi-label',
    async () => {
      const bytes = readFileSync(shared('onnx', 'densenet121_chexnet14', 'model.onnx'));
      const raw = await loadModelFromUploads([{ name: 'model.onnx', bytes }]);
      expect(raw.info.head).toBe('softmax');
      expect(raw.info.warnings.join(' ')).toMatch(/raw logits: softmax assumed/);
      raw.classifier.dispose();
      const sig = await loadModelFromUploads([{ name: 'model.onnx', bytes }, upload('saliency-studio.json', '{"head": "sigmoid"}')]);
      expect(sig.info.head).toBe('sigmoid');
      expect(sig.classifier.head).toBe('sigmoid');
      expect(sig.info.numClasses).toBe(14);
      sig.classifier.dispose();
    },
    30_000,
  );

  it("a head set by the sidecar survives into randomised copies (the sanity checks' models)", async () => {
    // The same graph without its Sigmoid: raw logits, declared sigmoid by the sidecar.
    const raw = buildModel({
      input: [1, 1, 2, 2],
      output: ['z', [1, 3]],
      nodes: [
        { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'w', 'b'], outputs: ['z'], int: { transB: 1 } },
      ],
      initializers: [tensor('w', [3, 4], [1, -1, 0.5, 2, -2, 0.25, 1, 1, 0, 0, 3, -1]), tensor('b', [3], [0.5, -0.5, 1])],
    });
    const { classifier: c } = await loadModelFromUploads([{ name: 'raw.onnx', bytes: raw }, upload('saliency-studio.json', '{"head": "sigmoid"}')]);
    expect(c.head).toBe('sigmoid');
    const copy = await c.randomisedCopy('all', 1);
    expect(copy.head).toBe('sigmoid');
    copy.dispose();
    c.dispose();
  });

  it('a sidecar head that is not softmax or sigmoid is refused by name', async () => {
    await expect(loadModelFromUploads([{ name: 'sig.onnx', bytes: sigmoidModel() }, upload('saliency-studio.json', '{"head": "relu"}')])).rejects.toThrow(
      /"head" must be one of "softmax", "sigmoid"/,
    );
  });
});
