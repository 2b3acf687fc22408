// Imported ONNX models on our engine against onnxruntime-node, in one run:
// import time, forward and saliency (∂S_c/∂x) at batch 1 on wasm, and the same
// forward on onnxruntime with one thread and with every core — the anchor a
// user would compare with. Writes bench-results/onnx.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { initBackend } from '../src-main/engine/backend';
import { loadModelFromPath } from '../src-main/model/load';
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
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  const out = { commit: gitCommit(), machine: machineFacts(), backend: tf.getBackend(), runs: RUNS, rows };
  writeFileSync(new URL('../bench-results/onnx.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
