#!/usr/bin/env node
// Runs the TypeScript benches through tsx: first the suite (every backend ×
// model × method, the one table the README shows, JSON in bench-results/), then
// the sweeps the suite does not cover, on Darknet-tiny/wasm: IG and SmoothGrad
// per internal batch size, Score-CAM/Ablation-CAM per batch at a fixed layer,
// deletion/insertion over several images per batch, occlusion throughput;
// imported ONNX models against onnxruntime-node (bench-onnx.ts), their input
// gradients on onnxruntime (bench-onnx-grad.ts), engine workers (bench-pool.ts,
// bench-split.ts), each registry metric's cost per image (bench-metrics.ts),
// and sharded CLI runs with resume after kills (bench-shards.ts).
// QUICK=1 runs the suite alone, with fewer runs and smaller budgets.
import { spawnSync } from 'node:child_process';
const sweeps = process.env.QUICK
  ? []
  : [
      './bench-gradients.ts',
      './bench-cam.ts',
      './bench-eval.ts',
      './bench-perturbation.ts',
      './bench-onnx.ts',
      './bench-onnx-grad.ts',
      './bench-pool.ts',
      './bench-split.ts',
      './bench-metrics.ts',
      './bench-shards.ts',
    ];
for (const script of ['./bench-suite.ts', ...sweeps]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
