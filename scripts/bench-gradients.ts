// `npx tsx scripts/bench-gradients.ts`: IG-50 and SmoothGrad-50 on Darknet-tiny
// (224², wasm), per internal batch size, as time per internal step (one path
// point or noisy sample) against one plain gradient (saliency). Batching must
// not be slower than one-by-one. Medians of RUNS runs after a warm-up.
import * as tf from '@tensorflow/tfjs';
import type { ParamValues } from '../src-main/api/types';
import type { Classifier } from '../src-main/model/classifier';
import { darknetOnWasm, explainRun, machineLine, median } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 3);
const STEPS = 50;
const BATCHES = [1, 4, 8, 16];

const explain = (id: string, model: Classifier, input: tf.Tensor4D, given: ParamValues) => explainRun(id, model, input, 285, given);

async function main(): Promise<void> {
  const d = await darknetOnWasm();
  if (!d) return;
  const { c, x } = d;
  const single = await median(Math.max(RUNS, 5), explain('saliency', c, x, {}));
  process.stderr.write(`single gradient (saliency): ${single.toFixed(1)} ms\n`);
  const rows: { method: string; batch: number; totalMs: number; perStepMs: number }[] = [];
  for (const [method, label, params] of [
    ['integrated-gradients', 'IG-50', { steps: STEPS }],
    ['smoothgrad', 'SmoothGrad-50', { samples: STEPS }],
  ] as const) {
    for (const batch of BATCHES) {
      const totalMs = await median(RUNS, explain(method, c, x, { ...params, batch }));
      rows.push({ method: label, batch, totalMs, perStepMs: totalMs / STEPS });
      process.stderr.write(`${label} batch ${batch}: ${totalMs.toFixed(0)} ms\n`);
    }
  }
  console.log(machineLine(RUNS));
  console.log(`Darknet-tiny ${c.inputHeight}×${c.inputWidth}: one gradient (saliency) ${single.toFixed(1)} ms`);
  console.log('| method | internal batch | total ms | ms per step | step / single gradient | speed-up vs batch 1 |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const one = rows.find((o) => o.method === r.method && o.batch === 1)!;
    console.log(
      `| ${r.method} | ${r.batch} | ${r.totalMs.toFixed(0)} | ${r.perStepMs.toFixed(1)} | ${(r.perStepMs / single).toFixed(2)} | ${(one.totalMs / r.totalMs).toFixed(2)}× |`,
    );
  }
  const slower = rows.filter((r) => r.batch > 1 && r.totalMs > 1.05 * rows.find((o) => o.method === r.method && o.batch === 1)!.totalMs);
  console.log(
    slower.length
      ? `WARNING: batching slower than one-by-one for ${slower.map((r) => `${r.method}@${r.batch}`).join(', ')}`
      : 'batching is not slower than one-by-one at any size',
  );
  x.dispose();
  c.dispose();
}

await main();
process.exit(0);
