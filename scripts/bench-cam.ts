// `npx tsx scripts/bench-cam.ts`: the perturbation CAMs on Darknet-tiny (224²,
// wasm) per batch size, at layer leaky_re_lu_15 (14×14×128; the suite,
// bench-suite.ts, times Grad-CAM and Score-CAM at the automatic layer):
// Score-CAM masked forward passes and Ablation-CAM ablated head passes per
// second against plain batched throughput of the same work at the same batch
// size (target overhead ≤ 15%). Medians of RUNS runs after warm-up.
// PROFILE=1 prints the kernels that dominate each perturbation method.
import * as tf from '@tensorflow/tfjs';
import type { ParamValues } from '../src-main/api/types';
import type { Classifier } from '../src-main/model/classifier';
import { splitModel } from '../src-main/model/split';
import { darknetOnWasm, explainRun, machineLine, median, plainBatched as plain } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 3);
const LAYER = 'leaky_re_lu_15';
const TARGET = 285;
const BATCHES = [8, 16, 32];

const explain = (id: string, model: Classifier, input: tf.Tensor4D, given: ParamValues) => explainRun(id, model, input, TARGET, given, LAYER);

async function profile(label: string, fn: () => Promise<void>): Promise<void> {
  const info = await tf.profile(fn);
  const byName = new Map<string, number>();
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`profile ${label}: ${top.map(([n, t]) => `${n} ${t.toFixed(0)} ms`).join(', ')}`);
}

async function main(): Promise<void> {
  const d = await darknetOnWasm();
  if (!d) return;
  const { c, x } = d;
  const [H, W] = [c.inputHeight, c.inputWidth];
  const split = splitModel(c, LAYER);
  const K = split.shape[2];
  const [A] = tf.tidy(() => split.features(x)) as tf.Tensor4D[];
  const rows: { method: string; batch: number; totalMs: number; perPass: number; plainPerPass: number }[] = [];
  for (const batch of BATCHES) {
    const xs = tf.tile(x, [batch, 1, 1, 1]) as tf.Tensor4D;
    const as = tf.tile(A, [batch, 1, 1, 1]) as tf.Tensor4D;
    const plainFwd = await median(
      RUNS,
      plain(K, batch, (n) => c.logits(n === batch ? xs : xs.slice(0, n))),
    );
    const plainHead = await median(
      RUNS,
      plain(K, batch, (n) => split.head(n === batch ? as : as.slice(0, n), [])),
    );
    const score = await median(RUNS, explain('scorecam', c, x, { batch }));
    const ablation = await median(RUNS, explain('ablationcam', c, x, { batch }));
    rows.push({ method: 'Score-CAM (masked forward)', batch, totalMs: score, perPass: score / K, plainPerPass: plainFwd / K });
    rows.push({ method: 'Ablation-CAM (ablated head)', batch, totalMs: ablation, perPass: ablation / K, plainPerPass: plainHead / K });
    process.stderr.write(
      `batch ${batch}: plain forward ${plainFwd.toFixed(0)} ms, Score-CAM ${score.toFixed(0)} ms, plain head ${plainHead.toFixed(1)} ms, Ablation-CAM ${ablation.toFixed(1)} ms\n`,
    );
    if (process.env.PROFILE && batch === 32) {
      await profile(`Score-CAM batch ${batch}`, explain('scorecam', c, x, { batch }));
      await profile(
        `plain forward ×${K} batch ${batch}`,
        plain(K, batch, (n) => c.logits(n === batch ? xs : xs.slice(0, n))),
      );
      await profile(`Ablation-CAM batch ${batch}`, explain('ablationcam', c, x, { batch }));
      await profile(
        `plain head ×${K} batch ${batch}`,
        plain(K, batch, (n) => split.head(n === batch ? as : as.slice(0, n), [])),
      );
    }
    tf.dispose([xs, as]);
  }
  console.log(machineLine(RUNS));
  console.log(`Darknet-tiny ${H}×${W}, layer ${LAYER} (${split.shape.join('×')}), K = ${K} perturbations per map`);
  console.log('| method | batch | total ms | ms per pass | plain ms per pass | passes/s | plain passes/s | overhead (target ≤ 15%) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const over = r.perPass / r.plainPerPass - 1;
    console.log(
      `| ${r.method} | ${r.batch} | ${r.totalMs.toFixed(0)} | ${r.perPass.toFixed(2)} | ${r.plainPerPass.toFixed(2)} | ${(1000 / r.perPass).toFixed(0)} | ${(1000 / r.plainPerPass).toFixed(0)} | ${(100 * over).toFixed(1)}% ${over <= 0.15 ? 'ok' : 'MISSED'} |`,
    );
  }
  A.dispose();
  x.dispose();
  c.dispose();
}

await main();
process.exit(0);
