// `npx tsx scripts/bench-perturbation.ts`: the perturbation methods on
// Darknet-tiny (224², wasm). Masked forward passes per second of occlusion,
// RISE and LIME against plain batched forward throughput of the same number of
// passes at the same batch size (target overhead ≤ 15%), medians of RUNS runs
// after warm-up; then the wall time of one LIME-1000 and one RISE-4000 map
// (the paper defaults), run once each (they take minutes on two cores).
// QUICK=1 skips the two long runs.
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
const TARGET = 285;
const BATCH = 32;
const PASSES = 256;

const explain = (id: string, model: Classifier, input: tf.Tensor4D, given: ParamValues) => async (): Promise<void> => {
  const m = getMethod(id);
  await m.run({ model, input, target: TARGET, layer: null, params: resolveParams(m, given), signal: new CancelToken(), progress: () => {} });
};

async function main(): Promise<void> {
  if (!existsSync(SHARED_MODELS.darknet)) {
    console.log(`skipped: ${SHARED_MODELS.darknet} is absent`);
    return;
  }
  await initBackend({ prefer: 'wasm' });
  const { classifier: c } = await loadModelFromPath(SHARED_MODELS.darknet);
  const [H, W, C] = [c.inputHeight, c.inputWidth, c.inputChannels];
  const x = tf.randomUniform([1, H, W, C], 0, 1, 'float32', 1) as tf.Tensor4D;
  const xs = tf.tile(x, [BATCH, 1, 1, 1]) as tf.Tensor4D;
  // Plain batched work: PASSES forward passes, BATCH per pass, scores read once at the end.
  const plain = await median(RUNS, async () => {
    const parts: tf.Tensor[] = [];
    for (let s = 0; s < PASSES; s += BATCH) parts.push(tf.tidy(() => c.logits(PASSES - s >= BATCH ? xs : xs.slice(0, PASSES - s)).sum(1)));
    const all = tf.concat(parts);
    await all.data();
    tf.dispose([...parts, all]);
  });
  process.stderr.write(`plain: ${PASSES} forward passes in ${plain.toFixed(0)} ms\n`);
  // Occlusion with 16-px windows every 14 px: 16 × 16 = 256 windows (+1 unmasked pass, counted).
  const cases: { method: string; passes: number; run: () => Promise<void> }[] = [
    { method: 'occlusion (16² windows, stride 14)', passes: 257, run: explain('occlusion', c, x, { window: 16, stride: 14, batch: BATCH }) },
    { method: 'RISE (grid 7, p 0.5)', passes: PASSES, run: explain('rise', c, x, { samples: PASSES, batch: BATCH }) },
    { method: 'LIME (SLIC ~50, segment-mean fill)', passes: PASSES, run: explain('lime', c, x, { samples: PASSES, batch: BATCH }) },
  ];
  const rows: { method: string; ms: number; passes: number }[] = [];
  for (const k of cases) {
    const ms = await median(RUNS, k.run);
    rows.push({ method: k.method, ms, passes: k.passes });
    process.stderr.write(`${k.method}: ${ms.toFixed(0)} ms\n`);
  }
  const long: { what: string; ms: number }[] = [];
  if (!process.env.QUICK) {
    for (const [what, id, given] of [['LIME-1000', 'lime', {}], ['RISE-4000', 'rise', {}]] as const) {
      const t0 = performance.now();
      await explain(id, c, x, given)();
      long.push({ what, ms: performance.now() - t0 });
      process.stderr.write(`${what}: ${(performance.now() - t0).toFixed(0)} ms\n`);
    }
  }
  const plainPer = plain / PASSES;
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()[0].toFixed(1)}, node ${process.version}, tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, ${RUNS} runs (median)`);
  console.log(`Darknet-tiny ${H}×${W}, batch ${BATCH}; plain batched forward: ${(1000 / plainPer).toFixed(1)} passes/s`);
  console.log('| method | passes | total ms | ms per pass | plain ms per pass | passes/s | plain passes/s | overhead (target ≤ 15%) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const per = r.ms / r.passes;
    const over = per / plainPer - 1;
    console.log(`| ${r.method} | ${r.passes} | ${r.ms.toFixed(0)} | ${per.toFixed(2)} | ${plainPer.toFixed(2)} | ${(1000 / per).toFixed(1)} | ${(1000 / plainPer).toFixed(1)} | ${(100 * over).toFixed(1)}% ${over <= 0.15 ? 'ok' : 'MISSED'} |`);
  }
  for (const l of long) console.log(`${l.what} on Darknet-tiny: ${(l.ms / 1000).toFixed(1)} s`);
  tf.dispose([x, xs]);
  c.dispose();
}

await main();
process.exit(0);
