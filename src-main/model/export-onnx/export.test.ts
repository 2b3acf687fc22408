// The exporter on hand-built LayersModels, run by onnxruntime directly (not
// through ortForward's own check): a tiny same-padded stride-2 conv + pool +
// flatten + dense equals tfjs to 1e-5 and has tfjs' asymmetric pads written
// out; a model using every exported layer class (nested Sequential included)
// equals tfjs to 1e-5; an unexpressible layer is refused by class and name,
// and its classifier stays on tfjs with the reason in its warnings.
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend';
import { layersClassifier, layersClassifierWithRuntime } from '../layers-classifier';
import { loadOrt } from '../onnx/ort-forward';
import { relDiff } from '../onnx/testing/compare';
import { exportLayersModel, type ExportedModel } from './export';
import { permute } from './layer-call';

const seeded = (seed: number): ReturnType<typeof tf.initializers.randomNormal> => tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });

/** The exported model's output for x, run by onnxruntime on its own. */
async function ortRun(made: ExportedModel, x: tf.Tensor4D): Promise<Float32Array> {
  const ort = (await loadOrt())!;
  const s = await ort.InferenceSession.create(made.bytes);
  try {
    const feed = new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape);
    const out = (await s.run({ [made.plan.inputName]: feed }))[made.plan.output];
    return out.data as Float32Array;
  } finally {
    await s.release();
  }
}

function exported(model: tf.LayersModel, h: number, w: number, c: number): ExportedModel {
  const made = exportLayersModel({ input: model.inputs[0], logits: model.outputs[0] }, { h, w, c });
  if ('reason' in made) throw new Error(made.reason);
  return made;
}

const nodesOf = (made: ExportedModel) => onnxProto.onnx.ModelProto.decode(made.bytes).graph!.node!;
const intsOf = (n: { attribute?: { name?: string | null; ints?: unknown[] | null }[] | null }, name: string): number[] =>
  (n.attribute ?? []).find((a) => a.name === name)!.ints!.map(Number);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  expect(await loadOrt()).not.toBeNull();
});

describe('permute', () => {
  it('moves a [2,3] matrix to [3,2] (out axis k is input axis perm[k])', () => {
    expect(Array.from(permute(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
  });
  it('puts a Conv2D kernel [kh,kw,cin,cout] as [cout,cin,kh,kw]', () => {
    // k[y,x,i,o] = 1000y + 100x + 10i + o, dims [2,2,2,3]
    const dims = [2, 2, 2, 3];
    const k = new Float32Array(24);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 2; x++) for (let i = 0; i < 2; i++) for (let o = 0; o < 3; o++) k[((y * 2 + x) * 2 + i) * 3 + o] = 1000 * y + 100 * x + 10 * i + o;
    const w = permute(k, dims, [3, 2, 0, 1]);
    // W[o=2, i=1, y=1, x=0] sits at ((2·2 + 1)·2 + 1)·2 + 0 = 22
    expect(w[22]).toBe(1000 + 10 + 2);
    expect(w[1]).toBe(100); // W[0,0,0,1]
  });
});

describe('a same-padded stride-2 conv, a pool, flatten and dense (8×10×3)', () => {
  let model: tf.Sequential;
  beforeAll(() => {
    model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 10, 3],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          kernelInitializer: seeded(1),
          biasInitializer: seeded(2),
        }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, kernelInitializer: seeded(3), biasInitializer: seeded(4) }),
      ],
    });
  });

  it('writes tfjs’ asymmetric pads: conv 8×10 → 4×5 pads [0,0,1,1], pool 4×5 → 2×3 pads [0,0,0,1]', () => {
    const nodes = nodesOf(exported(model, 8, 10, 3));
    expect(
      intsOf(
        nodes.find((n) => n.opType === 'Conv')!,
        'pads',
      ),
    ).toEqual([0, 0, 1, 1]);
    expect(
      intsOf(
        nodes.find((n) => n.opType === 'MaxPool')!,
        'pads',
      ),
    ).toEqual([0, 0, 0, 1]);
    // One transpose in (NHWC → NCHW), one back before Flatten.
    expect(nodes.filter((n) => n.opType === 'Transpose').map((n) => intsOf(n, 'perm'))).toEqual([
      [0, 3, 1, 2],
      [0, 2, 3, 1],
    ]);
  });

  it('equals tfjs to 1e-5 on a batch of 3, where an NCHW flatten order would not', async () => {
    const x = tf.randomUniform([3, 8, 10, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
    const ref = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    const got = await ortRun(exported(model, 8, 10, 3), x);
    expect(relDiff(got, ref)).toBeLessThan(1e-5);
    // The guard can fail: the same net flattened channels-first differs at the 10% level.
    const wrong = tf.tidy(() => {
      const a = model.layers[1].apply(model.layers[0].apply(x)) as tf.Tensor4D;
      return (model.layers[3].apply(tf.reshape(tf.transpose(a, [0, 3, 1, 2]), [3, -1])) as tf.Tensor).dataSync();
    });
    expect(relDiff(wrong, ref)).toBeGreaterThan(0.1);
    x.dispose();
  });
});

/** Every layer class in the op table, a nested Sequential among them, with non-trivial BN statistics. */
function everyLayerModel(): tf.LayersModel {
  const L = tf.layers;
  let k = 10;
  const init = (): {
    kernelInitializer: ReturnType<typeof tf.initializers.randomNormal>;
    biasInitializer: ReturnType<typeof tf.initializers.randomNormal>;
  } => ({
    kernelInitializer: seeded(k++),
    biasInitializer: seeded(k++),
  });
  const input = tf.input({ shape: [12, 12, 3] });
  let x = L.rescaling({ scale: 1 / 127.5, offset: -1 }).apply(input) as tf.SymbolicTensor;
  x = L.zeroPadding2d({
    padding: [
      [1, 0],
      [0, 1],
    ],
  }).apply(x) as tf.SymbolicTensor; // 13×13
  x = L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6', ...init() }).apply(x) as tf.SymbolicTensor; // 7×7×8
  const bn = L.batchNormalization({ epsilon: 1e-3 });
  x = bn.apply(x) as tf.SymbolicTensor;
  x = L.depthwiseConv2d({
    kernelSize: 3,
    depthMultiplier: 2,
    padding: 'same',
    depthwiseInitializer: seeded(k++),
    biasInitializer: seeded(k++),
    useBias: true,
  }).apply(x) as tf.SymbolicTensor; // 7×7×16
  x = L.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  // A nested Sequential block, as Teachable Machine nests its MobileNet.
  const block = tf.sequential({
    layers: [
      L.separableConv2d({
        inputShape: [7, 7, 16],
        filters: 8,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'swish',
        depthwiseInitializer: seeded(k++),
        pointwiseInitializer: seeded(k++),
        biasInitializer: seeded(k++),
      }),
      L.batchNormalization({ scale: false }),
      L.leakyReLU({ alpha: 0.1 }),
    ],
  });
  x = block.apply(x) as tf.SymbolicTensor; // 4×4×8
  const a = L.conv2d({ filters: 8, kernelSize: 1, activation: 'tanh', ...init() }).apply(x) as tf.SymbolicTensor;
  const b = L.prelu({ alphaInitializer: seeded(k++) }).apply(
    L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', ...init() }).apply(x) as tf.SymbolicTensor,
  ) as tf.SymbolicTensor;
  const gate = L.activation({ activation: 'sigmoid' }).apply(a) as tf.SymbolicTensor;
  let y = L.add().apply([a, b]) as tf.SymbolicTensor;
  y = L.multiply().apply([y, gate]) as tf.SymbolicTensor;
  y = L.concatenate({ axis: -1 }).apply([
    y,
    L.maximum().apply([a, b]) as tf.SymbolicTensor,
    L.average().apply([a, b, gate]) as tf.SymbolicTensor,
  ]) as tf.SymbolicTensor; // 4×4×24
  y = L.upSampling2d({ size: [2, 2] }).apply(y) as tf.SymbolicTensor; // 8×8×24
  y = L.cropping2D({
    cropping: [
      [1, 1],
      [2, 0],
    ],
  }).apply(y) as tf.SymbolicTensor; // 6×6×24
  y = L.elu().apply(y) as tf.SymbolicTensor;
  const pooled = L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(y) as tf.SymbolicTensor; // 3×3×24
  const gmp = L.globalMaxPooling2d({}).apply(pooled) as tf.SymbolicTensor;
  const gap = L.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
  // Axis order matters from here on: a permute, a reshape and a dense on a rank-4 tensor read the Keras order.
  let p = L.permute({ dims: [3, 1, 2] }).apply(pooled) as tf.SymbolicTensor; // 24×3×3
  p = L.reshape({ targetShape: [24, 9] }).apply(p) as tf.SymbolicTensor;
  p = L.dense({ units: 2, activation: 'gelu', ...init() }).apply(p) as tf.SymbolicTensor; // 24×2
  p = L.flatten().apply(L.dropout({ rate: 0.5 }).apply(p) as tf.SymbolicTensor) as tf.SymbolicTensor; // 48
  const m = L.minimum().apply([gmp, gap]) as tf.SymbolicTensor;
  let z = L.concatenate().apply([gmp, m, p]) as tf.SymbolicTensor;
  z = L.dense({ units: 16, activation: 'mish', ...init() }).apply(z) as tf.SymbolicTensor;
  z = L.batchNormalization().apply(z) as tf.SymbolicTensor;
  z = L.thresholdedReLU({ theta: 0.05 }).apply(z) as tf.SymbolicTensor;
  z = L.dense({ units: 5, activation: 'linear', ...init() }).apply(z) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: z });
  // Moving statistics away from 0/1, so the BN maps are not identities.
  for (const layer of model.layers.flatMap((l) => (l instanceof tf.LayersModel ? l.layers : [l]))) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(
      layer
        .getWeights()
        .map((w, i) =>
          tf.tidy(() =>
            i === layer.getWeights().length - 1 ? tf.randomUniform(w.shape, 0.5, 2, 'float32', i) : tf.randomNormal(w.shape, 0, 0.5, 'float32', i),
          ),
        ),
    );
  }
  return model;
}

describe('a model with every exported layer class', () => {
  it('equals tfjs to 1e-5 on a batch of 3 (pixels 0..255)', async () => {
    const model = everyLayerModel();
    const x = tf.randomUniform([3, 12, 12, 3], 0, 255, 'float32', 8) as tf.Tensor4D;
    const ref = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    const made = exported(model, 12, 12, 3);
    const ops = new Set(nodesOf(made).map((n) => n.opType));
    for (const op of [
      'Conv',
      'BatchNormalization',
      'Pad',
      'Resize',
      'Slice',
      'PRelu',
      'Concat',
      'Max',
      'Min',
      'AveragePool',
      'GlobalMaxPool',
      'Erf',
      'ThresholdedRelu',
      'Gemm',
      'MatMul',
    ])
      expect(ops, op).toContain(op);
    const got = await ortRun(made, x);
    expect(relDiff(got, ref)).toBeLessThan(1e-5);
    tf.dispose(x);
    model.dispose();
  });
});

describe('a model the exporter cannot express', () => {
  const model = (): tf.LayersModel =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }),
        tf.layers.layerNormalization({ name: 'norm' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });

  it('is refused with the layer class and name', () => {
    const m = model();
    const made = exportLayersModel({ input: m.inputs[0], logits: m.outputs[0] }, { h: 6, w: 6, c: 1 });
    expect(made).toEqual({ reason: 'LayerNormalization layer "norm": no ONNX exporter for this layer class' });
    m.dispose();
  });

  it('keeps tfjs for forward passes and says why; a model that exports gets onnxruntime', async () => {
    const before = tf.memory().numTensors;
    const c = await layersClassifierWithRuntime(model());
    expect(c.forwardRuntime).toBeUndefined();
    expect(c.warnings).toContain(
      'forward passes run on tfjs: the ONNX export cannot express the model (LayerNormalization layer "norm": no ONNX exporter for this layer class)',
    );
    const x = tf.randomUniform([2, 6, 6, 1]) as tf.Tensor4D;
    const fast = await c.fastLogits!(x);
    const ref = tf.tidy(() => c.logits(x));
    expect(Array.from(fast.dataSync())).toEqual(Array.from(ref.dataSync()));
    tf.dispose([x, fast, ref]);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const ok = await layersClassifierWithRuntime(
      tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    );
    expect(ok.forwardRuntime).toMatch(/^onnxruntime [\d.]+ \(cpu/);
    expect(ok.warnings).toEqual([]);
    ok.dispose();
  });

  it('exports the pre-softmax logits the classifier reads, not the probabilities', async () => {
    const c = layersClassifier(
      tf.sequential({
        layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(5) })],
      }),
    );
    const made = exportLayersModel(c.layerGraph!, { h: 4, w: 4, c: 1 }) as ExportedModel;
    const x = tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const ref = tf.tidy(() => c.logits(x).dataSync());
    const got = await ortRun(made, x);
    expect(relDiff(got, ref)).toBeLessThan(1e-5);
    // Logits, not a distribution: rows do not sum to 1.
    expect(Math.abs(got[0] + got[1] + got[2] - 1)).toBeGreaterThan(1e-3);
    x.dispose();
    c.dispose();
  });
});
