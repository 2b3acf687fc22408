// `npm run bench`: forward and saliency times per backend and model, medians
// of several runs, with ratios measured in the same run (saliency/forward,
// wasm/cpu). Written to bench-results/latest.json for comparison across commits.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src-main/api/types';
import { initBackend } from '../src-main/engine/backend';
import { CancelToken } from '../src-main/engine/jobs';
import { saliency } from '../src-main/explainers/saliency';
import { loadModelFromPath } from '../src-main/model/load';
import { demo, PROJECT_ROOT, SHARED_MODELS } from '../src-main/testing/shared-data';
import { median } from './bench-util';

const MODELS = [
  { id: 'digits-cnn 28×28', path: demo('digits', 'model.json') },
  { id: 'darknet-tiny 224×224', path: SHARED_MODELS.darknet },
].filter((m) => existsSync(m.path));


interface Row { backend: string; model: string; forwardMs: number; saliencyMs: number }

async function main(): Promise<void> {
  const first = await initBackend();
  const backends: BackendName[] = [...new Set<BackendName>([first.backend, 'wasm', 'cpu'])];
  const rows: Row[] = [];
  for (const backend of backends) {
    await initBackend({ prefer: backend });
    if (tf.getBackend() !== (backend.startsWith('tensorflow') ? 'tensorflow' : backend)) continue;
    for (const m of MODELS) {
      const { classifier: c } = await loadModelFromPath(m.path);
      const x = tf.randomUniform([1, c.inputHeight, c.inputWidth, c.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const runs = backend === 'cpu' ? 3 : 7;
      const forwardMs = await median(runs, async () => {
        const y = c.logits(x);
        await y.data();
        y.dispose();
      }, 3);
      const saliencyMs = await median(runs, async () => {
        await saliency.run({ model: c, input: x, target: 0, layer: null, params: {}, signal: new CancelToken(), progress: () => {} });
      }, 3);
      rows.push({ backend, model: m.id, forwardMs, saliencyMs });
      x.dispose();
      c.dispose();
      process.stderr.write(`${backend} ${m.id}: forward ${forwardMs.toFixed(1)} ms, saliency ${saliencyMs.toFixed(1)} ms\n`);
    }
  }
  const cpuOf = (model: string): Row | undefined => rows.find((r) => r.backend === 'cpu' && r.model === model);
  const table = rows.map((r) => {
    const cpu = cpuOf(r.model);
    return {
      ...r,
      saliencyOverForward: r.saliencyMs / r.forwardMs,
      speedupVsCpuForward: cpu ? cpu.forwardMs / r.forwardMs : null,
      speedupVsCpuSaliency: cpu ? cpu.saliencyMs / r.saliencyMs : null,
    };
  });
  const f = (v: number | null, d = 1): string => (v == null ? '—' : v.toFixed(d));
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, tfjs ${tf.version.tfjs}`);
  console.log('| backend | model | forward ms | saliency ms | saliency/forward | ×cpu forward | ×cpu saliency |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of table) console.log(`| ${r.backend} | ${r.model} | ${f(r.forwardMs)} | ${f(r.saliencyMs)} | ${f(r.saliencyOverForward, 2)} | ${f(r.speedupVsCpuForward)} | ${f(r.speedupVsCpuSaliency)} |`);
  if (!rows.some((r) => r.backend.startsWith('tensorflow'))) console.log('tfjs-node(-gpu) absent here: its rows appear when the native backend is installed.');
  mkdirSync(join(PROJECT_ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, 'bench-results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rows: table }, null, 2));
  process.exit(0);
}

await main();
