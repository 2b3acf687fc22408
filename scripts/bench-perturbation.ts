// `npx tsx scripts/bench-perturbation.ts`: occlusion on Darknet-tiny (224²,
// wasm), which the suite (bench-suite.ts: RISE, LIME, Score-CAM) does not
// cover: masked forward passes per second against plain batched forward
// throughput of the same number of passes at the same batch size (target
// overhead ≤ 15%), medians of RUNS runs after warm-up.
import * as tf from '@tensorflow/tfjs';
import { darknetOnWasm, explainRun, machineLine, median, plainBatched } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 3);
const TARGET = 285;
const BATCH = 32;
// 16-px windows every 14 px: 16 × 16 = 256 windows, + 1 unmasked pass.
const PASSES = 257;

async function main(): Promise<void> {
  const d = await darknetOnWasm();
  if (!d) return;
  const { c, x } = d;
  const xs = tf.tile(x, [BATCH, 1, 1, 1]) as tf.Tensor4D;
  const plain = await median(
    RUNS,
    plainBatched(PASSES, BATCH, (n) => c.logits(n === BATCH ? xs : xs.slice(0, n))),
  );
  const ms = await median(RUNS, explainRun('occlusion', c, x, TARGET, { window: 16, stride: 14, batch: BATCH }));
  const [per, plainPer] = [ms / PASSES, plain / PASSES];
  const over = per / plainPer - 1;
  console.log(machineLine(RUNS));
  console.log(`Darknet-tiny ${c.inputHeight}×${c.inputWidth}, batch ${BATCH}, ${PASSES} passes`);
  console.log('| method | total ms | passes/s | plain passes/s | overhead (target ≤ 15%) |\n|---|---:|---:|---:|---:|');
  console.log(
    `| occlusion (16² windows, stride 14) | ${ms.toFixed(0)} | ${(1000 / per).toFixed(1)} | ${(1000 / plainPer).toFixed(1)} | ${(100 * over).toFixed(1)}% ${over <= 0.15 ? 'ok' : 'MISSED'} |`,
  );
  tf.dispose([x, xs]);
  c.dispose();
}

await main();
process.exit(0);
