// `npx tsx scripts/bench-metrics.ts`: each registry metric's cost per image on
// Darknet-tiny (224², wasm), on Grad-CAM maps, with the metric's default
// options. The mask metrics get a centre box as the ground truth (their cost
// does not depend on where the object is). Every metric in api/metrics.ts is
// measured, so a new one appears here without editing this file. Writes
// bench-results/metrics.json.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS } from '../src-main/api/metrics';
import { CancelToken } from '../src-main/core/jobs';
import { initBackend } from '../src-main/engine/backend';
import { metricOptions } from '../src-main/evaluation/evaluate-run';
import { loadImageFile } from '../src-main/io/load';
import { evaluate } from '../src-main/metrics/evaluate';
import { evalMethod, modelInput, topClasses } from '../src-main/metrics/run-method';
import { loadModelFromPath } from '../src-main/model/load';
import { PROJECT_ROOT, shared, SHARED_MODELS } from '../src-main/testing/shared-data';
import { gitCommit, machineFacts, machineLine, median } from './bench-util';

const RUNS = Number(process.env.RUNS ?? 1);
const IMAGES = ['skimage_chelsea.png', 'skimage_coffee.png', 'skimage_astronaut.png', 'skimage_horse.png'];

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
  for (const [i, x] of inputs.entries()) maps.push(await gradcam.explain(x, targets[i]));
  const [h, w] = [c.inputHeight, c.inputWidth];
  const box = new Uint8Array(h * w);
  for (let y = h >> 2; y < (3 * h) >> 2; y++) box.fill(1, y * w + (w >> 2), y * w + ((3 * w) >> 2));
  const images = inputs.map((input, i) => ({ input, target: targets[i], mask: box, maps: [maps[i]] }));
  const ctx = { signal: new CancelToken(), progress: () => {} };
  const { evalOptions } = metricOptions({});
  const rows: { metric: string; label: string; paper: string; msPerImage: number }[] = [];
  for (const m of METRICS) {
    const ms = await median(RUNS, async () => {
      await evaluate(c, images, [gradcam], [m.id], { ...evalOptions, preprocess: info.preprocess }, ctx);
    });
    rows.push({ metric: m.id, label: m.label, paper: m.paper ?? '', msPerImage: ms / images.length });
    process.stderr.write(`${m.id}: ${(ms / images.length).toFixed(0)} ms per image\n`);
  }
  console.log(`${machineLine(RUNS)} after warm-up`);
  console.log(`Darknet-tiny ${h}×${w}, ${images.length} images, Grad-CAM maps (not counted), default options`);
  console.log('| metric | ms per image |');
  console.log('|---|---:|');
  for (const r of rows) console.log(`| ${r.metric} | ${r.msPerImage.toFixed(0)} |`);
  const dir = join(PROJECT_ROOT, 'bench-results');
  await mkdir(dir, { recursive: true });
  const json = { bench: 'metrics', commit: gitCommit(), machine: machineFacts(), model: 'darknet-tiny', images: IMAGES, runs: RUNS, rows };
  await writeFile(join(dir, 'metrics.json'), JSON.stringify(json, null, 2) + '\n');
  c.dispose();
}

await main();
process.exit(0);
