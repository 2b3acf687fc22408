#!/usr/bin/env node
// Runs the TypeScript benches through tsx: forward/saliency per backend and
// model, then IG and SmoothGrad per internal batch size on Darknet-tiny, then
// the CAM family on Darknet-tiny, then evaluation (deletion/insertion) throughput,
// then the perturbation methods (occlusion/RISE/LIME throughput, LIME-1000 and RISE-4000 time).
import { spawnSync } from 'node:child_process';
for (const script of ['./bench.ts', './bench-gradients.ts', './bench-cam.ts', './bench-eval.ts', './bench-perturbation.ts']) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
