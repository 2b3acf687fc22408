// Times one training step (forward + backward + SGD update via tf.variableGrads)
// of a 3-conv MNIST-style CNN, batch 64, on wasm (with our added kernels) and on
// the stock cpu backend; prints the median of 3 timed steps after a warm-up.
//   npx tsx scripts/bench-kernels.ts [--profile] [--only=wasm|cpu] [--batch=64]
// --replaced instead times the replaced stock wasm kernels against ours at
// darknet-tiny (224x224) shapes, median of 5 after a warm-up.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { stockKernel } from '../src-main/engine/kernels/util';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const BATCH = Number(arg('batch') ?? 64);
const PROFILE = process.argv.includes('--profile');
const REPS = 3;

interface Net {
  vars: tf.Variable[];
  loss: (x: tf.Tensor4D, y: tf.Tensor2D) => tf.Scalar;
}

/** conv32 -> pool -> conv64 -> pool -> conv64 -> dense10, relu, 'same' 3x3 convs. */
function makeNet(): Net {
  const init = (shape: number[], fanIn: number, seed: number): tf.Variable => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed));
  const w1 = init([3, 3, 1, 32], 9, 1);
  const w2 = init([3, 3, 32, 64], 288, 2);
  const w3 = init([3, 3, 64, 64], 576, 3);
  const wd = init([7 * 7 * 64, 10], 3136, 4);
  const [b1, b2, b3, bd] = [32, 64, 64, 10].map((n) => tf.variable(tf.zeros([n])));
  const conv = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor): tf.Tensor4D => tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b)) as tf.Tensor4D;
  const loss = (x: tf.Tensor4D, y: tf.Tensor2D): tf.Scalar => {
    let h = tf.maxPool(conv(x, w1 as tf.Tensor4D, b1), 2, 2, 'valid');
    h = tf.maxPool(conv(h, w2 as tf.Tensor4D, b2), 2, 2, 'valid');
    h = conv(h, w3 as tf.Tensor4D, b3);
    const logits = tf.add(tf.matMul(tf.reshape(h, [x.shape[0], -1]), wd), bd);
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  };
  return { vars: [w1, b1, w2, b2, w3, b3, wd, bd], loss };
}

function step(net: Net, opt: tf.Optimizer, x: tf.Tensor4D, y: tf.Tensor2D): number {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => net.loss(x, y), net.vars);
    opt.applyGradients(grads);
    return value.dataSync()[0];
  });
}

async function bench(backend: 'wasm' | 'cpu'): Promise<number[]> {
  await initBackend({ prefer: backend });
  if (tf.getBackend() !== backend) throw new Error(`could not select ${backend}`);
  const net = makeNet();
  const opt = tf.train.sgd(0.01);
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 6) as tf.Tensor1D, 10) as tf.Tensor2D;
  step(net, opt, x, y); // warm-up: kernel setup, wasm JIT, XNNPACK operator caches
  const before = tf.memory().numTensors;
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    step(net, opt, x, y);
    times.push(performance.now() - t0);
  }
  if (tf.memory().numTensors !== before) throw new Error(`${backend}: tensors leaked across steps`);
  if (PROFILE) await profile(net, opt, x, y);
  tf.dispose([x, y, ...net.vars]);
  opt.dispose();
  return times;
}

/** Per-kernel wall time of one step (the top entries say where time goes). */
async function profile(net: Net, opt: tf.Optimizer, x: tf.Tensor4D, y: tf.Tensor2D): Promise<void> {
  const info = await tf.profile(() => void step(net, opt, x, y));
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + ms);
  }
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [name, ms] of top) console.log(`    ${name.padEnd(36)} ${ms.toFixed(1)} ms`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Stock vs replacement wall time for one kernel call on wasm (inputs: shapes, filled uniform). */
function timeReplaced(kernel: string, shapes: Record<string, number[]>, attrs: object): [number, number] {
  const inputs = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, tf.randomUniform(s, -1, 1)]));
  const call = (stock: boolean) => (): void => {
    const r = stock
      ? tf
          .engine()
          .makeTensorFromTensorInfo(stockKernel(kernel)?.kernelFunc({ inputs, backend: tf.backend(), attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo)
      : (tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor);
    r.dataSync();
    r.dispose();
  };
  const time = (f: () => void): number => {
    f();
    return median(
      Array.from({ length: 5 }, () => {
        const t0 = performance.now();
        f();
        return performance.now() - t0;
      }),
    );
  };
  const out = [time(call(true)), time(call(false))] as [number, number];
  tf.dispose(Object.values(inputs));
  return out;
}

async function replaced(): Promise<void> {
  await initBackend({ prefer: 'wasm' });
  console.log('replaced wasm kernels, stock vs ours (ms, median of 5), darknet-tiny shapes');
  for (const [x, f] of [
    [
      [1, 224, 224, 3],
      [3, 3, 3, 16],
    ],
    [
      [1, 112, 112, 16],
      [3, 3, 16, 32],
    ],
    [
      [1, 56, 56, 16],
      [3, 3, 16, 128],
    ],
    [
      [1, 28, 28, 32],
      [3, 3, 32, 256],
    ],
    [
      [1, 14, 14, 64],
      [3, 3, 64, 512],
    ],
  ]) {
    const [s, o] = timeReplaced(
      'Conv2DBackpropInput',
      { dy: [...x.slice(0, 3), f[3]], filter: f },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: x },
    );
    console.log(`  Conv2DBackpropInput x ${x} filter ${f}: stock ${s.toFixed(1)}, ours ${o.toFixed(1)}`);
  }
  for (const x of [
    [1, 224, 224, 16],
    [1, 112, 112, 32],
    [1, 56, 56, 128],
    [1, 28, 28, 256],
    [1, 14, 14, 512],
  ]) {
    const y = [1, x[1] / 2, x[2] / 2, x[3]];
    const [s, o] = timeReplaced('MaxPoolGrad', { dy: y, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'same' });
    console.log(`  MaxPoolGrad 2x2 s2 x ${x}: stock ${s.toFixed(1)}, ours ${o.toFixed(1)}`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--replaced')) return replaced();
  const only = arg('only');
  console.log(`one training step, 3-conv CNN, batch ${BATCH}, median of ${REPS} (tfjs ${tf.version.tfjs})`);
  const results: Record<string, number> = {};
  for (const b of ['wasm', 'cpu'] as const) {
    if (only && only !== b) continue;
    const times = await bench(b);
    results[b] = median(times);
    console.log(`  ${b.padEnd(5)} median ${results[b].toFixed(0)} ms  (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
  if (results.wasm && results.cpu) console.log(`  wasm is ${(results.cpu / results.wasm).toFixed(1)}x faster than cpu`);
}

void main();
