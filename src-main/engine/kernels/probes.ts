// Gradient and training workloads that saliency methods and CNN training run.
// Used to discover kernels the active backend lacks: each probe runs forward +
// backward (and some an optimizer step) and any "Kernel 'X' not registered"
// error names a kernel to add. Shared by find-missing.ts and the tests.
import * as tf from '@tensorflow/tfjs';

export interface Probe {
  name: string;
  run: () => void | Promise<void>;
}

const rnd = (shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', 7);

/** Gradient of sum(f(x)) w.r.t. every argument, inside a tidy. */
function grads(f: (...xs: tf.Tensor[]) => tf.Tensor, shapes: number[][]): void {
  tf.tidy(() => {
    const xs = shapes.map(rnd);
    const g = tf.grads((...a: tf.Tensor[]) => tf.sum(f(...a)));
    g(xs).forEach((t) => t.dataSync());
  });
}

type T4 = tf.Tensor4D;
const c2 = (s: 1 | 2, p: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as T4, w as T4, s, p);
const dw = (s: 1 | 2, p: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(x as T4, w as T4, s, p);

const OPS: Probe[] = [
  {
    name: 'conv2d s1 same',
    run: () =>
      grads(c2(1, 'same'), [
        [2, 7, 6, 3],
        [3, 3, 3, 4],
      ]),
  },
  {
    name: 'conv2d s2 valid',
    run: () =>
      grads(c2(2, 'valid'), [
        [2, 9, 8, 3],
        [3, 3, 3, 4],
      ]),
  },
  {
    name: 'conv2d s2 same',
    run: () =>
      grads(c2(2, 'same'), [
        [2, 8, 7, 2],
        [2, 3, 2, 3],
      ]),
  },
  {
    name: 'conv2d dilation 2 (forward only: tfjs core has no dilated conv grad)',
    run: () => void tf.tidy(() => tf.conv2d(rnd([1, 9, 9, 2]) as T4, rnd([3, 3, 2, 2]) as T4, 1, 'same', 'NHWC', 2).dataSync()),
  },
  {
    name: 'depthwiseConv2d s1 same',
    run: () =>
      grads(dw(1, 'same'), [
        [2, 7, 6, 3],
        [3, 3, 3, 2],
      ]),
  },
  {
    name: 'depthwiseConv2d s2 valid',
    run: () =>
      grads(dw(2, 'valid'), [
        [2, 9, 8, 3],
        [3, 3, 3, 1],
      ]),
  },
  {
    name: 'separableConv2d',
    run: () =>
      grads(
        (x, d, p) => tf.separableConv2d(x as T4, d as T4, p as T4, 1, 'same'),
        [
          [2, 6, 6, 3],
          [3, 3, 3, 2],
          [1, 1, 6, 4],
        ],
      ),
  },
  {
    name: 'conv2dTranspose',
    run: () =>
      grads(
        (x, w) => tf.conv2dTranspose(x as T4, w as T4, [2, 8, 8, 3], 2, 'same'),
        [
          [2, 4, 4, 5],
          [3, 3, 3, 5],
        ],
      ),
  },
  {
    name: 'fused conv2d relu+bias',
    run: () =>
      grads(
        (x, w, b) => tf.fused.conv2d({ x: x as T4, filter: w as T4, strides: 1, pad: 'same', bias: b, activation: 'relu' }),
        [[2, 6, 6, 3], [3, 3, 3, 4], [4]],
      ),
  },
  {
    name: 'fused depthwise relu6+bias',
    run: () =>
      grads(
        (x, w, b) => tf.fused.depthwiseConv2d({ x: x as T4, filter: w as T4, strides: 1, pad: 'same', bias: b, activation: 'relu6' }),
        [[2, 6, 6, 3], [3, 3, 3, 1], [3]],
      ),
  },
  {
    name: 'fused matMul elu+bias',
    run: () => grads((a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: 'elu' }), [[4, 5], [5, 3], [3]]),
  },
  { name: 'maxPool same s2', run: () => grads((x) => tf.maxPool(x as T4, 3, 2, 'same'), [[2, 7, 7, 3]]) },
  { name: 'maxPool valid s2', run: () => grads((x) => tf.maxPool(x as T4, 2, 2, 'valid'), [[2, 8, 8, 3]]) },
  { name: 'avgPool same s2', run: () => grads((x) => tf.avgPool(x as T4, 3, 2, 'same'), [[2, 7, 7, 3]]) },
  { name: 'avgPool valid s1', run: () => grads((x) => tf.avgPool(x as T4, 2, 1, 'valid'), [[2, 5, 5, 3]]) },
  { name: 'batchNorm', run: () => grads((x, m, v, o, s) => tf.batchNorm(x, m, tf.abs(v), o, s, 1e-3), [[2, 4, 4, 3], [3], [3], [3], [3]]) },
  { name: 'moments', run: () => grads((x) => tf.add(tf.moments(x, [0, 1, 2]).variance, 0), [[2, 4, 4, 3]]) },
  { name: 'relu/relu6/elu/selu', run: () => grads((x) => tf.addN([tf.relu(x), tf.relu6(x), tf.elu(x), tf.selu(x)]), [[3, 4]]) },
  { name: 'leakyRelu/prelu', run: () => grads((x, a) => tf.add(tf.leakyRelu(x, 0.2), tf.prelu(x, a)), [[3, 4], [4]]) },
  { name: 'sigmoid/tanh/softplus/swish', run: () => grads((x) => tf.addN([tf.sigmoid(x), tf.tanh(x), tf.softplus(x), tf.mul(x, tf.sigmoid(x))]), [[3, 4]]) },
  { name: 'globalAveragePooling (mean)', run: () => grads((x) => tf.mean(x, [1, 2]), [[2, 5, 5, 3]]) },
  {
    name: 'dense + softmax cross-entropy',
    run: () =>
      grads(
        (x, w) => tf.losses.softmaxCrossEntropy(tf.oneHot([1, 0], 3), tf.matMul(x, w)),
        [
          [2, 5],
          [5, 3],
        ],
      ),
  },
  { name: 'logSoftmax/sigmoidCE', run: () => grads((x) => tf.add(tf.logSoftmax(x), tf.losses.sigmoidCrossEntropy(tf.onesLike(x), x)), [[2, 5]]) },
  {
    name: 'concat/add/sub/mul/div',
    run: () =>
      grads(
        (a, b) => tf.div(tf.concat([tf.add(a, b), tf.mul(a, b)], 3), tf.add(tf.square(tf.concat([b, a], 3)), 1)),
        [
          [1, 3, 3, 2],
          [1, 3, 3, 2],
        ],
      ),
  },
  { name: 'resizeBilinear', run: () => grads((x) => tf.image.resizeBilinear(x as T4, [7, 9]), [[2, 4, 5, 3]]) },
  { name: 'resizeBilinear alignCorners', run: () => grads((x) => tf.image.resizeBilinear(x as T4, [7, 9], true), [[2, 4, 5, 3]]) },
  { name: 'resizeNearestNeighbor', run: () => grads((x) => tf.image.resizeNearestNeighbor(x as T4, [8, 10]), [[2, 4, 5, 3]]) },
  {
    name: 'pad/slice/tile/transpose/reverse',
    run: () =>
      grads(
        (x) =>
          tf.transpose(
            tf.tile(
              tf.reverse(
                tf.slice(
                  tf.pad(x, [
                    [0, 0],
                    [1, 1],
                    [1, 1],
                    [0, 0],
                  ]),
                  [0, 1, 0, 0],
                  [2, 4, 5, 3],
                ),
                [1, 2],
              ),
              [1, 2, 1, 1],
            ),
            [0, 3, 1, 2],
          ),
        [[2, 4, 5, 3]],
      ),
  },
  { name: 'gather (embedding) / unsortedSegmentSum', run: () => grads((x) => tf.gather(x, tf.tensor1d([0, 2, 2, 1], 'int32')), [[4, 3]]) },
  {
    name: 'max/min/maximum/minimum/clip',
    run: () =>
      grads(
        (a, b) => tf.add(tf.add(tf.max(a, 1, true), tf.min(a, 1, true)), tf.addN([tf.maximum(a, b), tf.minimum(a, b), tf.clipByValue(a, -0.5, 0.5)])),
        [
          [3, 4],
          [3, 4],
        ],
      ),
  },
  {
    name: 'exp/log/sqrt/pow/abs',
    run: () => grads((a) => tf.addN([tf.exp(a), tf.log(tf.add(tf.abs(a), 1)), tf.sqrt(tf.add(tf.square(a), 1)), tf.pow(tf.abs(a), 1.5)]), [[3, 4]]),
  },
  {
    name: 'cumsum/prod/split/stack',
    run: () =>
      grads(
        (a) =>
          tf.add(
            tf.add(tf.cumsum(a, 1), tf.prod(a, 0, true)),
            tf
              .stack(
                tf.split(a, [1, 2], 0).map((t) => tf.sum(t, 0)),
                0,
              )
              .sum(0),
          ),
        [[3, 4]],
      ),
  },
  { name: 'lrn', run: () => grads((x) => tf.localResponseNormalization(x as T4, 2), [[1, 3, 3, 6]]) },
  {
    name: 'conv1d',
    run: () =>
      grads(
        (x, w) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, 'same'),
        [
          [2, 9, 3],
          [3, 3, 4],
        ],
      ),
  },
  {
    name: 'conv3d',
    run: () =>
      grads(
        (x, w) => tf.conv3d(x as tf.Tensor5D, w as tf.Tensor5D, 1, 'same'),
        [
          [1, 4, 4, 4, 2],
          [2, 2, 2, 2, 3],
        ],
      ),
  },
  {
    name: 'where/select',
    run: () =>
      grads(
        (a, b) => tf.where(tf.greater(rnd([3, 4]), 0), a, b),
        [
          [3, 4],
          [3, 4],
        ],
      ),
  },
];

/** A small functional CNN like the ones the studio explains and trains. */
function tinyModel(): tf.LayersModel {
  const L = tf.layers;
  const inp = tf.input({ shape: [12, 12, 3] });
  let h = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(inp) as tf.SymbolicTensor;
  h = L.batchNormalization().apply(h) as tf.SymbolicTensor;
  h = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' }).apply(h) as tf.SymbolicTensor;
  h = L.leakyReLU({ alpha: 0.1 }).apply(h) as tf.SymbolicTensor;
  const s = L.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'elu' }).apply(h) as tf.SymbolicTensor;
  h = L.add().apply([h, s]) as tf.SymbolicTensor;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  const a = L.averagePooling2d({ poolSize: 1 }).apply(h) as tf.SymbolicTensor;
  h = L.concatenate().apply([h, a]) as tf.SymbolicTensor;
  h = L.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }).apply(h) as tf.SymbolicTensor;
  h = L.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'relu6' }).apply(h) as tf.SymbolicTensor;
  h = L.prelu().apply(h) as tf.SymbolicTensor;
  h = L.dropout({ rate: 0.2 }).apply(h) as tf.SymbolicTensor;
  h = L.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  const out = L.dense({ units: 3, activation: 'softmax' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: inp, outputs: out });
}

const MODELS: Probe[] = [
  ...(['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const).map((opt): Probe => ({
    name: `model.fit (${opt})`,
    run: async () => {
      const m = tinyModel();
      m.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
      const x = rnd([4, 12, 12, 3]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3));
      await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      tf.dispose([x, y]);
      m.optimizer.dispose(); // layers does not dispose the optimizer's state with the model
      m.dispose();
    },
  })),
  {
    name: 'input gradient of class score (saliency)',
    run: () => {
      const m = tinyModel();
      tf.tidy(() => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.slice(m.predict(x) as tf.Tensor, [0, 1], [-1, 1])));
        g(rnd([2, 12, 12, 3])).dataSync();
      });
      m.dispose();
    },
  },
];

export const PROBES: Probe[] = [...OPS, ...MODELS];

const MISSING = /Kernel '([^']+)' not registered for backend '([^']+)'/;

/** Runs every probe; returns the missing kernel names and any other failures. */
export async function runProbes(): Promise<{ missing: Map<string, string[]>; failed: Map<string, string> }> {
  const missing = new Map<string, string[]>();
  const failed = new Map<string, string>();
  for (const p of PROBES) {
    try {
      await p.run();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const m = MISSING.exec(msg);
      if (m) missing.set(m[1], [...(missing.get(m[1]) ?? []), p.name]);
      else failed.set(p.name, msg.split('\n')[0]);
    }
  }
  return { missing, failed };
}
