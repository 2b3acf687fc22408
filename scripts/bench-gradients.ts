// `npx tsx scripts/bench-gradients.ts`: IG-50 and SmoothGrad-50 on Darknet-tiny
// (224², wasm), per internal batch size, as time per internal step (one path
// point or noisy sample) against one plain gradient (saliency). Batching must
// not be slower than one-by-one. Medians of RUNS runs after a warm-up.
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { ParamValues } from '../src-main/api/types';
import { initBackend } from '../src-main/engine/backend';
import { CancelToken } from '../src-main/engine/jobs';
import { getMethod, resolveParams } from '../src-main/explainers/registry';
import type { Classifier } from '../src-main/model/classifier';
import { loadModelFromPath } from '../src-main/model/load';
import { SHARED_MODELS } from '../src-main/testing/shared-data';
import { median } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 3);
const STEPS = 50;
const BATCHES = [1, 4, 8, 16];


const explain = (id: string, model: Classifier, input: tf.Tensor4D, given: ParamValues) => async (): Promise<void> => {
  const m = getMethod(id);
  await m.run({ model, input, target: 285, layer: null, params: resolveParams(m, given), signal: new CancelToken(), progress: () => {} });
};

async function main(): Promise<void> {
  if (!existsSync(SHARED_MODELS.darknet)) {
    console.log(`skipped: ${SHARED_MODELS.darknet} is absent`);
    return;
  }
  await initBackend({ prefer: 'wasm' });
  const { classifier: c } = await loadModelFromPath(SHARED_MODELS.darknet);
  const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
  const single = await median(Math.max(RUNS, 5), explain('saliency', c, x, {}));
  process.stderr.write(`single gradient (saliency): ${single.toFixed(1)} ms\n`);
  const rows: { method: string; batch: number; totalMs: number; perStepMs: number }[] = [];
  for (const [method, label, params] of [['integrated-gradients', 'IG-50', { steps: STEPS }], ['smoothgrad', 'SmoothGrad-50', { samples: STEPS }]] as const) {
    for (const batch of BATCHES) {
      const totalMs = await median(RUNS, explain(method, c, x, { ...params, batch }));
      rows.push({ method: label, batch, totalMs, perStepMs: totalMs / STEPS });
      process.stderr.write(`${label} batch ${batch}: ${totalMs.toFixed(0)} ms\n`);
    }
  }
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()[0].toFixed(1)}, node ${process.version}, tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, ${RUNS} runs (median)`);
  console.log(`Darknet-tiny ${c.inputHeight}×${c.inputWidth}: one gradient (saliency) ${single.toFixed(1)} ms`);
  console.log('| method | internal batch | total ms | ms per step | step / single gradient | speed-up vs batch 1 |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const one = rows.find((o) => o.method === r.method && o.batch === 1)!;
    console.log(`| ${r.method} | ${r.batch} | ${r.totalMs.toFixed(0)} | ${r.perStepMs.toFixed(1)} | ${(r.perStepMs / single).toFixed(2)} | ${(one.totalMs / r.totalMs).toFixed(2)}× |`);
  }
  const slower = rows.filter((r) => r.batch > 1 && r.totalMs > 1.05 * rows.find((o) => o.method === r.method && o.batch === 1)!.totalMs);
  console.log(slower.length ? `WARNING: batching slower than one-by-one for ${slower.map((r) => `${r.method}@${r.batch}`).join(', ')}` : 'batching is not slower than one-by-one at any size');
  x.dispose();
  c.dispose();
}

await main();
process.exit(0);
