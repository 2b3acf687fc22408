// Issue 17 item 6, measured: saliency (∂logit0/∂x) of imported ONNX models as
// one gradient graph on onnxruntime (src-main/model/onnx-grad) against our
// tfjs-wasm saliency and onnxruntime's plain forward, in one run, with the
// agreement with torch's stored gradient beside each figure. Batch 1, plus the
// gradient graph's per-image time at batch 8 (SmoothGrad/IG-shaped work).
// Writes bench-results/onnx-grad.json. Not part of `npm run bench`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { initBackend } from '../src-main/engine/backend';
import { loadModelFromPath } from '../src-main/model/load';
import { buildGradModel } from '../src-main/model/onnx-grad/build';
import { ortGradient } from '../src-main/model/onnx-grad/session';
import { relDiff } from '../src-main/numerics/rel-diff';
import { decodeNpy } from '../src-main/shared/npy';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts, median } from './bench-util';

const RUNS = process.env.QUICK ? 3 : 7;
const MODELS = ['resnet18', 'mobilenet_v2', 'densenet121_chexnet14'];
const BATCH = 8;
const ms = (v: number) => +v.toFixed(1);

async function ortForwardMs(path: string, threads: number, x: Float32Array): Promise<number> {
  const s = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const feeds = { [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 224, 224]) };
  const t = await median(RUNS, async () => {
    await s.run(feeds);
  });
  await s.release();
  return t;
}

async function tfjsMs(path: string, nchw: Float32Array): Promise<{ forward: number; saliency: number }> {
  const { classifier: c } = await loadModelFromPath(path);
  const x = tf.tidy(() => tf.transpose(tf.tensor4d(nchw, [1, 3, 224, 224]), [0, 2, 3, 1])) as tf.Tensor4D;
  const forward = await median(RUNS, async () => {
    tf.tidy(() => c.logits(x).dataSync());
  });
  const saliency = await median(RUNS, async () => {
    tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) =>
          c
            .logits(t as tf.Tensor4D)
            .slice([0, 0], [1, 1])
            .sum(),
        )(x)
        .dataSync(),
    );
  });
  x.dispose();
  c.dispose();
  return { forward, saliency };
}

async function row(name: string) {
  const path = shared('onnx', name, 'model.onnx');
  const npy = (f: string) => decodeNpy(readFileSync(shared('onnx', name, f))).data;
  const x = npy('input.npy');
  const t0 = performance.now();
  const gm = buildGradModel(readFileSync(path), name);
  const buildMs = performance.now() - t0;
  const seed = (n: number) => Float32Array.from({ length: n * gm.classes }, (_, i) => (i % gm.classes === 0 ? 1 : 0));
  const cores = availableParallelism();
  const grad: Record<string, number> = {};
  let err = { logits: NaN, grad: NaN, maxAbs: NaN, maxRef: NaN };
  for (const threads of [1, cores]) {
    const s = await ortGradient(gm, threads);
    const r = await s.run(x, seed(1));
    const ref = npy('grad_logit0.npy');
    err = {
      logits: relDiff(r.logits, npy('logits.npy')),
      grad: relDiff(r.grad, ref),
      maxAbs: r.grad.reduce((a, v, i) => Math.max(a, Math.abs(v - ref[i])), 0),
      maxRef: ref.reduce((a, v) => Math.max(a, Math.abs(v)), 0),
    };
    grad[threads] = await median(RUNS, async () => {
      await s.run(x, seed(1));
    });
    if (threads === cores) {
      const xb = new Float32Array(BATCH * x.length);
      for (let i = 0; i < BATCH; i++) xb.set(x, i * x.length);
      const sb = seed(BATCH);
      grad.batch = (await median(Math.min(RUNS, 3), async () => void (await s.run(xb, sb)))) / BATCH;
    }
    await s.release();
  }
  const fwd1 = await ortForwardMs(path, 1, x);
  const fwdAll = await ortForwardMs(path, cores, x);
  const tj = await tfjsMs(path, x);
  const out = {
    model: name,
    buildMs: Math.round(buildMs),
    ortForward1ThreadMs: ms(fwd1),
    ortForwardAllThreadsMs: ms(fwdAll),
    ortGrad1ThreadMs: ms(grad[1]),
    ortGradAllThreadsMs: ms(grad[cores]),
    [`ortGradPerImageAtBatch${BATCH}Ms`]: ms(grad.batch),
    tfjsForwardMs: ms(tj.forward),
    tfjsSaliencyMs: ms(tj.saliency),
    ortGradOverOrtForward: +(grad[cores] / fwdAll).toFixed(2),
    tfjsSaliencyOverOrtGrad: +(tj.saliency / grad[cores]).toFixed(2),
    gradRelErr: +err.grad.toExponential(2),
    gradMaxAbsErr: +err.maxAbs.toExponential(2),
    gradMaxAbsRef: +err.maxRef.toExponential(2),
    logitsRelErr: +err.logits.toExponential(2),
    backwardOps: gm.ops,
  };
  console.log(JSON.stringify(out));
  return out;
}

async function main(): Promise<void> {
  if (!HAVE_SHARED) {
    console.log('bench-onnx-grad: ../shared/data is absent; skipped');
    return;
  }
  await initBackend({ prefer: 'wasm' });
  const rows = [];
  for (const name of MODELS) rows.push(await row(name));
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  const out = { commit: gitCommit(), machine: machineFacts(), tfjsBackend: tf.getBackend(), onnxruntime: ort.env.versions?.common, runs: RUNS, rows };
  writeFileSync(new URL('../bench-results/onnx-grad.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
