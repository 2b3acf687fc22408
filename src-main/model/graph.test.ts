// A GraphModel built by hand (what tensorflowjs_converter emits for a frozen
// graph): x[-1,4,4,1] -> Reshape[-1,16] -> MatMul W[16,3] -> Softmax.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadModelFromUploads } from './load';

const W = Float32Array.from({ length: 48 }, (_, i) => Math.sin(i + 1));
const SHAPE = Int32Array.from([-1, 16]);

function graphModelFiles(): { name: string; bytes: Uint8Array }[] {
  const node = [
    {
      name: 'x',
      op: 'Placeholder',
      attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }, { size: '4' }, { size: '1' }] } } },
    },
    { name: 'shape', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: [{ size: '2' }] } } } } },
    {
      name: 'w',
      op: 'Const',
      attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '16' }, { size: '3' }] } } } },
    },
    { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
    { name: 'logits', op: 'MatMul', input: ['flat', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: { type: 'DT_FLOAT' } } },
  ];
  const json = {
    format: 'graph-model',
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    weightsManifest: [
      {
        paths: ['w.bin'],
        weights: [
          { name: 'shape', shape: [2], dtype: 'int32' },
          { name: 'w', shape: [16, 3], dtype: 'float32' },
        ],
      },
    ],
  };
  const bin = new Uint8Array(SHAPE.byteLength + W.byteLength);
  bin.set(new Uint8Array(SHAPE.buffer), 0);
  bin.set(new Uint8Array(W.buffer), SHAPE.byteLength);
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { name: 'w.bin', bytes: bin },
    { name: 'labels.txt', bytes: new TextEncoder().encode('a\nb\nc\n') },
  ];
}

describe('GraphModel', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
  });

  it('loads, finds the logits before the Softmax node, and its input gradient equals W[:, c]', async () => {
    const { info, classifier } = await loadModelFromUploads(graphModelFiles());
    expect(info.format).toBe('graph-model');
    expect([info.inputHeight, info.inputWidth, info.inputChannels, info.numClasses]).toEqual([4, 4, 1, 3]);
    expect(info.logitsFromSoftmax).toBe(true);
    expect(info.labels).toEqual(['a', 'b', 'c']);
    const x = tf.randomUniform([1, 4, 4, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const logits = classifier.logits(x).dataSync();
    const xs = x.dataSync();
    for (let c = 0; c < 3; c++) {
      let want = 0;
      for (let i = 0; i < 16; i++) want += xs[i] * W[i * 3 + c];
      expect(logits[c]).toBeCloseTo(want, 5);
    }
    // The gradient of a linear score is the weight column, exactly.
    const g = tf
      .grad((t: tf.Tensor) =>
        classifier
          .logits(t as tf.Tensor4D)
          .slice([0, 1], [1, 1])
          .sum(),
      )(x)
      .dataSync();
    for (let i = 0; i < 16; i++) expect(g[i]).toBeCloseTo(W[i * 3 + 1], 6);
    x.dispose();
    classifier.dispose();
  });
});
