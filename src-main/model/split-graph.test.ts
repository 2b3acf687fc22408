// A GraphModel built by hand, as tensorflowjs_converter writes one:
// x[-1,6,6,1] → Conv2D(w1 3×3×1×4, SAME) → Relu "feat" → AddV2 "res" (feat + x:
// a skip from before feat) → Mean over H,W "gap" → MatMul w2[4,3] "logits" → Softmax.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { CancelToken } from '../core/jobs';
import { gradcam } from '../explainers/cam/gradcam';
import { cam } from '../explainers/cam/cam';
import { hirescam } from '../explainers/cam/hirescam';
import { guidedBackprop } from '../explainers/guided-backprop';
import { lrp } from '../explainers/lrp';
import { randomisedClassifier } from './randomise';
import { loadModelFromUploads } from './load';

const W1 = Float32Array.from({ length: 36 }, (_, i) => Math.sin(3 * i + 1));
const W2 = Float32Array.from({ length: 12 }, (_, i) => Math.cos(2 * i + 0.5));
const AXES = Int32Array.from([1, 2]);
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const f32 = { T: { type: 'DT_FLOAT' } };
const constNode = (name: string, dtype: string, dims: number[]) => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: { dim: dims.map((d) => ({ size: String(d) })) } } } },
});

function files(): { name: string; bytes: Uint8Array }[] {
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [-1, 6, 6, 1].map((d) => ({ size: String(d) })) } } } },
    constNode('w1', 'DT_FLOAT', [3, 3, 1, 4]),
    constNode('axes', 'DT_INT32', [2]),
    constNode('w2', 'DT_FLOAT', [4, 3]),
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['x', 'w1'],
      attr: {
        ...f32,
        strides: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
      },
    },
    { name: 'feat', op: 'Relu', input: ['conv'], attr: f32 },
    { name: 'res', op: 'AddV2', input: ['feat', 'x'], attr: f32 },
    { name: 'gap', op: 'Mean', input: ['res', 'axes'], attr: { ...f32, keep_dims: { b: false } } },
    { name: 'logits', op: 'MatMul', input: ['gap', 'w2'], attr: { ...f32, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'probs', op: 'Softmax', input: ['logits'], attr: f32 },
  ];
  const json = {
    format: 'graph-model',
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    weightsManifest: [
      {
        paths: ['w.bin'],
        weights: [
          { name: 'w1', shape: [3, 3, 1, 4], dtype: 'float32' },
          { name: 'axes', shape: [2], dtype: 'int32' },
          { name: 'w2', shape: [4, 3], dtype: 'float32' },
        ],
      },
    ],
  };
  const parts = [W1, AXES, W2].map((a) => new Uint8Array(a.buffer));
  const bin = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bin.set(p, at), at + p.length), 0);
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { name: 'w.bin', bytes: bin },
  ];
}

const ctx = (model: Awaited<ReturnType<typeof loadModelFromUploads>>['classifier'], input: tf.Tensor4D, target: number, layer: string | null) => ({
  model,
  input,
  target,
  layer,
  params: {},
  signal: new CancelToken(),
  progress: () => {},
});

describe('CAM on a GraphModel', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('lists spatial nodes with shapes as CAM targets, picks the last, and Grad-CAM at "feat" equals the hand computation', async () => {
    const { info, classifier } = await loadModelFromUploads(files());
    const eligible = info.layers.filter((l) => l.camEligible).map((l) => l.name);
    expect(eligible).toEqual(['conv', 'feat', 'res']);
    expect(info.layers.find((l) => l.name === 'feat')?.outputShape).toEqual([null, 6, 6, 4]);
    expect(info.autoLayer).toBe('res');
    const x = tf.randomUniform([1, 6, 6, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    let nonzero = 0;
    for (const target of [0, 1, 2]) {
      const before = tf.memory().numTensors;
      const out = await gradcam.run(ctx(classifier, x, target, 'feat'));
      const hi = await hirescam.run(ctx(classifier, x, target, 'feat'));
      expect(tf.memory().numTensors).toBe(before);
      // S = Σ_k w2[k,c] · mean_ij(feat_k + x): ∂S/∂feat_k = w2[k,c]/36 everywhere, so
      // Grad-CAM = ReLU(Σ_k w2[k,c]/36 · feat_k), and HiResCAM is the same map.
      const want = tf.tidy(() => {
        const feat = tf.relu(tf.conv2d(x, tf.tensor4d(W1, [3, 3, 1, 4]), 1, 'same'));
        const w = tf.tensor2d(W2, [4, 3]).slice([0, target], [4, 1]).reshape([4]).div(36);
        return tf.relu(feat.mul(w).sum(3)).dataSync();
      });
      for (let i = 0; i < 36; i++) {
        expect(out.grid!.data[i]).toBeCloseTo(want[i], 5);
        expect(hi.grid!.data[i]).toBeCloseTo(want[i], 5);
      }
      if (Math.max(...want) > 1e-3) nonzero++;
    }
    expect(nonzero).toBeGreaterThanOrEqual(1); // not a vacuous all-zero comparison
    // The automatic layer "res" needs the image in the head too (the skip); it runs.
    const auto = await gradcam.run(ctx(classifier, x, 1, null));
    expect(auto.grid?.layer).toBe('res');
    x.dispose();
    classifier.dispose();
  });

  it('refuses a node that is not spatial and one that does not exist, by name', async () => {
    const { classifier } = await loadModelFromUploads(files());
    const x = tf.zeros([1, 6, 6, 1]) as tf.Tensor4D;
    await expect(gradcam.run(ctx(classifier, x, 0, 'gap'))).rejects.toThrow(/node "gap" \(Mean, output \[,3\]|node "gap".*not a CAM target/);
    await expect(gradcam.run(ctx(classifier, x, 0, 'nope'))).rejects.toThrow(/no node "nope"/);
    x.dispose();
    classifier.dispose();
  });

  it('has the capabilities of a graph (split only) and refuses the others with the messages users see', async () => {
    const { classifier } = await loadModelFromUploads(files());
    expect([classifier.supportsSplit, classifier.supportsBackwardRules, classifier.hasKerasWeights, classifier.layerGraph]).toEqual([
      true,
      false,
      false,
      undefined,
    ]);
    const x = tf.zeros([1, 6, 6, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    await expect(guidedBackprop.run(ctx(classifier, x, 0, null))).rejects.toMatchObject({
      code: 'unsupported-model',
      message: expect.stringMatching(/needs a LayersModel/),
    });
    await expect(lrp.run({ ...ctx(classifier, x, 0, null), params: { rule: 'epsilon', epsilon: 0.01, gamma: 0.25, firstRule: 'zb' } })).rejects.toMatchObject({
      code: 'unsupported-model',
    });
    await expect(cam.run(ctx(classifier, x, 0, null))).rejects.toMatchObject({ code: 'unsupported-model' });
    await expect(randomisedClassifier(classifier, [])).rejects.toMatchObject({ code: 'unsupported-model' });
    // Asked without the flag, a gated member still refuses by name.
    expect(() => classifier.trainableVariables()).toThrow(/has no Keras layer weights/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    classifier.dispose();
  });
});
