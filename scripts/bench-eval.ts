// `npx tsx scripts/bench-eval.ts`: evaluation throughput on Darknet-tiny (224²,
// wasm): deletion + insertion with 20 steps (2 × 21 perturbed images per image)
// on Grad-CAM maps, batched across images, per internal batch size. Reports
// images/s for the metric alone and with the Grad-CAM maps included.
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { CancelToken } from '../src-main/core/jobs';
import { loadImageFile } from '../src-main/io/load';
import { evaluate } from '../src-main/metrics/evaluate';
import { evalMethod, modelInput, topClasses } from '../src-main/metrics/run-method';
import { loadModelFromPath } from '../src-main/model/load';
import { shared, SHARED_MODELS } from '../src-main/testing/shared-data';
import { machineLine, median } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 1);
const IMAGES = ['skimage_chelsea.png', 'skimage_coffee.png', 'skimage_astronaut.png', 'skimage_rocket.jpg'];
const BATCHES = [8, 16, 32];
const STEPS = 20;

async function main(): Promise<void> {
  if (!existsSync(SHARED_MODELS.darknet)) {
    console.log(`skipped: ${SHARED_MODELS.darknet} is absent`);
    return;
  }
  await initBackend({ prefer: 'wasm' });
  const { classifier: c, info } = await loadModelFromPath(SHARED_MODELS.darknet);
  const inputs = await Promise.all(IMAGES.map(async (f) => modelInput(c, await loadImageFile(shared('images', f)), info.preprocess)));
  const targets = await topClasses(c, inputs);
  const gradcam = evalMethod('gradcam', c, { preprocess: info.preprocess });
  const maps: Float32Array[] = [];
  const mapMs = await median(RUNS, async () => {
    maps.length = 0;
    for (const [i, x] of inputs.entries()) maps.push(await gradcam.explain(x, targets[i]));
  });
  const images = inputs.map((input, i) => ({ input, target: targets[i], maps: [maps[i]] }));
  const ctx = { signal: new CancelToken(), progress: () => {} };
  const rows: { batch: number; ms: number; plain: number }[] = [];
  const total = IMAGES.length * 2 * (STEPS + 1);
  for (const batch of BATCHES) {
    const ms = await median(RUNS, async () => {
      await evaluate(c, images, [gradcam], ['deletion', 'insertion'], { steps: STEPS, batch, preprocess: info.preprocess }, ctx);
    });
    // The same number of forward rows on a ready batch: the floor the metric's own work sits on.
    const xs = tf.tile(inputs[0], [batch, 1, 1, 1]) as tf.Tensor4D;
    const plain = await median(RUNS, async () => {
      const parts: tf.Tensor[] = [];
      for (let s = 0; s < total; s += batch) parts.push(tf.tidy(() => c.logits(s + batch <= total ? xs : xs.slice(0, total - s)).sum(1)));
      const all = tf.concat(parts);
      await all.data();
      tf.dispose([...parts, all]);
    });
    xs.dispose();
    rows.push({ batch, ms, plain });
    process.stderr.write(`batch ${batch}: ${ms.toFixed(0)} ms for ${IMAGES.length} images (plain forward of the same rows ${plain.toFixed(0)} ms)\n`);
  }
  const n = IMAGES.length;
  console.log(`${machineLine(RUNS)} after warm-up`);
  console.log(
    `Darknet-tiny ${c.inputHeight}×${c.inputWidth}, ${n} images, deletion + insertion with ${STEPS} steps = ${2 * (STEPS + 1)} forward rows per image; Grad-CAM maps ${(mapMs / n).toFixed(0)} ms per image`,
  );
  console.log(
    '| internal batch | ms per image (metric) | images/s (metric) | images/s (Grad-CAM + metric) | ms per row | plain forward ms per row | overhead |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.batch} | ${(r.ms / n).toFixed(0)} | ${((1000 * n) / r.ms).toFixed(2)} | ${((1000 * n) / (r.ms + mapMs)).toFixed(2)} | ${(r.ms / total).toFixed(1)} | ${(r.plain / total).toFixed(1)} | ${(100 * (r.ms / r.plain - 1)).toFixed(0)}% |`,
    );
  tf.dispose(inputs);
  c.dispose();
}

await main();
process.exit(0);
