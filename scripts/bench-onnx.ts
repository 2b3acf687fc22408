// Imported ONNX models on our engine against onnxruntime-node, in one run:
// import time, forward and saliency (∂S_c/∂x) at batch 1 on wasm, saliency on
// onnxruntime through the gradient graph (model/onnx-grad), and the same
// forward on onnxruntime with one thread and with every core — the anchor a
// user would compare with. Then forward-only methods (occlusion, RISE) with
// their passes on onnxruntime (the app's default for ONNX files) and on tfjs,
// against plain onnxruntime at the same batch. Writes bench-results/onnx.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { initBackend } from '../src-main/engine/backend';
import { getMethod } from '../src-main/explainers/registry';
import { runMethod } from '../src-main/explainers/run';
import type { Classifier } from '../src-main/model/classifier';
import { loadModelFromPath } from '../src-main/model/load';
import { onnxFromBytes } from '../src-main/model/onnx/load';
import { sessionModel } from '../src-main/model/onnx/ort-forward';
import { HAVE_SHARED, shared } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts, median } from './bench-util';

const RUNS = process.env.QUICK ? 3 : 7;
const MODELS = ['mobilenet_v2', 'resnet18', 'densenet121_chexnet14'];

async function ortForward(path: string, threads: number, nchw: Float32Array, dims: number[]): Promise<number> {
  const s = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const feeds = { [s.inputNames[0]]: new ort.Tensor('float32', nchw, dims) };
  const ms = await median(RUNS, async () => {
    await s.run(feeds);
  });
  await s.release();
  return ms;
}

const BATCH = 16;
// Occlusion 32×32 windows at stride 32 on 224²: 49 windows + the unoccluded input.
const METHODS: { id: string; params: Record<string, number>; passes: number }[] = [
  { id: 'occlusion', params: { window: 32, stride: 32, batch: BATCH }, passes: 50 },
  { id: 'rise', params: { samples: 128, batch: BATCH }, passes: 128 },
];

/**
 * Per image, plain onnxruntime (every core): the faster of BATCH single calls
 * on the file as it is and one call at BATCH on its unpinned copy — the floor
 * a forward-only method can reach.
 */
async function ortPerImage(path: string, c: Classifier): Promise<number> {
  const bytes = readFileSync(path);
  const opts = { intraOpNumThreads: availableParallelism() };
  const one = await ort.InferenceSession.create(bytes, opts);
  const plan = { inputName: one.inputNames[0], output: one.outputNames[0], nchw: true, h: c.inputHeight, w: c.inputWidth, c: c.inputChannels };
  const batched = await ort.InferenceSession.create(sessionModel(bytes, plan, null, true), opts);
  const feeds = (n: number) => {
    const dims = [n, c.inputChannels, c.inputHeight, c.inputWidth];
    return { [plan.inputName]: new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b)), dims) };
  };
  const f1 = feeds(1);
  const fB = feeds(BATCH);
  const singles = await median(RUNS, async () => {
    for (let i = 0; i < BATCH; i++) await one.run(f1);
  });
  const atBatch = await median(RUNS, async () => {
    await batched.run(fB);
  });
  await one.release();
  await batched.release();
  return Math.min(singles, atBatch) / BATCH;
}

async function forwardOnly(name: string) {
  const path = shared('onnx', name, 'model.onnx');
  const { classifier: fast, info } = await loadModelFromPath(path);
  const slow = onnxFromBytes(readFileSync(path), `${name}.onnx`);
  const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const floor = await ortPerImage(path, fast);
  const rows = [];
  for (const m of METHODS) {
    const time = (model: Classifier) =>
      median(Math.min(RUNS, 3), async () => {
        await runMethod({ method: getMethod(m.id), model, input: x, target: 1, params: m.params, preprocess: info.preprocess });
      });
    const ortMs = await time(fast);
    const tfjsMs = await time(slow);
    const row = {
      model: name,
      method: m.id,
      passes: m.passes,
      runtime: info.forwardRuntime ?? 'tfjs',
      onOrtMs: Math.round(ortMs),
      onTfjsMs: Math.round(tfjsMs),
      speedup: +(tfjsMs / ortMs).toFixed(2),
      plainOrtMs: Math.round(floor * m.passes),
      overPlainOrt: +(ortMs / (floor * m.passes)).toFixed(2),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  x.dispose();
  fast.dispose();
  slow.dispose();
  return rows;
}

async function main(): Promise<void> {
  if (!HAVE_SHARED) {
    console.log('bench-onnx: ../shared/data is absent; skipped');
    return;
  }
  await initBackend({ prefer: 'wasm' });
  const rows = [];
  for (const name of MODELS) {
    const path = shared('onnx', name, 'model.onnx');
    const t0 = performance.now();
    const { classifier: c } = await loadModelFromPath(path);
    const importMs = performance.now() - t0;
    const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 7) as tf.Tensor4D;
    const forwardMs = await median(RUNS, async () => {
      tf.tidy(() => c.logits(x).dataSync());
    });
    const saliencyMs = await median(RUNS, async () => {
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
    // The same saliency map on onnxruntime (model/onnx-grad): the first call builds and checks the gradient graph.
    const first = await c.fastInputGradient?.(x, 0);
    first?.dispose();
    const ortSaliencyMs = first
      ? await median(RUNS, async () => {
          (await c.fastInputGradient!(x, 0))!.dispose();
        })
      : NaN;
    const nchw = tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array);
    const dims = [1, c.inputChannels, c.inputHeight, c.inputWidth];
    const ort1 = await ortForward(path, 1, nchw, dims);
    const ortAll = await ortForward(path, availableParallelism(), nchw, dims);
    x.dispose();
    c.dispose();
    const row = {
      model: name,
      importMs: Math.round(importMs),
      forwardMs: +forwardMs.toFixed(1),
      saliencyMs: +saliencyMs.toFixed(1),
      saliencyOverForward: +(saliencyMs / forwardMs).toFixed(2),
      ortForward1ThreadMs: +ort1.toFixed(1),
      ortForwardAllThreadsMs: +ortAll.toFixed(1),
      oursOverOrt1Thread: +(forwardMs / ort1).toFixed(2),
      oursOverOrtAllThreads: +(forwardMs / ortAll).toFixed(2),
      ortSaliencyMs: +ortSaliencyMs.toFixed(1),
      tfjsSaliencyOverOrtSaliency: +(saliencyMs / ortSaliencyMs).toFixed(2),
      ortSaliencyOverOrtForward: +(ortSaliencyMs / ortAll).toFixed(2),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const perturbation = [];
  for (const name of ['mobilenet_v2', 'resnet18']) {
    perturbation.push(...(await forwardOnly(name)));
  }
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  const out = { commit: gitCommit(), machine: machineFacts(), backend: tf.getBackend(), runs: RUNS, rows, perturbation };
  writeFileSync(new URL('../bench-results/onnx.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
