// Gradient graphs of the real torchvision exports against torch's own input
// gradient of logit 0 (../shared/data/onnx, grad_logit0.npy), run on
// onnxruntime: logits to 1e-4 and ∂logit0/∂x to 1e-3 relative (max |diff| /
// max |ref|) — squeezenet excepted, for the reason the importer's test states.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../shared/npy';
import { HAVE_SHARED, shared } from '../../testing/shared-data';
import { relDiff } from '../onnx/testing/compare';
import { buildGradModel } from './build';
import { ortGradient } from './session';

const npy = (name: string, file: string) => decodeNpy(readFileSync(shared('onnx', name, file))).data;

/** Share of elements off by more than 1e-3 of the largest reference value. */
function offShare(ours: Float32Array, ref: Float32Array): number {
  const m = ref.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  return ours.filter((v, i) => Math.abs(v - ref[i]) > 1e-3 * m).length / ref.length;
}

const CASES: { name: string; tol: number; offShare?: number; why?: string }[] = [
  { name: 'resnet18', tol: 1e-3 },
  { name: 'mobilenet_v2', tol: 1e-3 },
  { name: 'densenet121_chexnet14', tol: 1e-3 },
  { name: 'efficientnet_b0', tol: 1e-3 },
  {
    name: 'squeezenet1_1',
    tol: 3e-2,
    offShare: 0.01,
    why: 'exact ties in overlapping max pools: which tied cell takes the gradient is arbitrary (torch float32 and float64 differ by 2.0e-2 on this file; see onnx/torch-reference.test.ts)',
  },
];

/** One-hot seeds on class 0, one per row. */
const seeds = (rows: number, classes: number) => Float32Array.from({ length: rows * classes }, (_, i) => (i % classes === 0 ? 1 : 0));

describe.skipIf(!HAVE_SHARED)('ONNX gradient graphs against torch', () => {
  for (const c of CASES) {
    it(`${c.name}: logits to 1e-4 and ∂logit0/∂input to ${c.tol}${c.why ? ` (${c.why})` : ''}`, async () => {
      const gm = buildGradModel(readFileSync(shared('onnx', c.name, 'model.onnx')), c.name);
      const s = await ortGradient(gm, 1);
      try {
        const { logits, grad } = await s.run(npy(c.name, 'input.npy'), seeds(1, gm.classes));
        expect(relDiff(logits, npy(c.name, 'logits.npy'))).toBeLessThan(1e-4);
        const ref = npy(c.name, 'grad_logit0.npy');
        expect(relDiff(grad, ref)).toBeLessThan(c.tol);
        if (c.offShare) expect(offShare(grad, ref)).toBeLessThan(c.offShare);
      } finally {
        await s.release();
      }
    }, 60_000);
  }

  it('resnet18 at batch 2 (the batch is free): each row matches torch to 1e-3', async () => {
    const gm = buildGradModel(readFileSync(shared('onnx', 'resnet18', 'model.onnx')), 'resnet18');
    const s = await ortGradient(gm, 1);
    try {
      const x = npy('resnet18', 'input.npy');
      const two = new Float32Array(2 * x.length);
      two.set(x);
      two.set(x, x.length);
      const { grad } = await s.run(two, seeds(2, gm.classes));
      const ref = npy('resnet18', 'grad_logit0.npy');
      expect(relDiff(grad.subarray(0, x.length), ref)).toBeLessThan(1e-3);
      expect(relDiff(grad.subarray(x.length), ref)).toBeLessThan(1e-3);
    } finally {
      await s.release();
    }
  }, 60_000);

  it('vit_tiny_patch16 is refused, naming the first op without a rule', () => {
    expect(() => buildGradModel(readFileSync(shared('onnx', 'vit_tiny_patch16', 'model.onnx')), 'vit_tiny_patch16')).toThrow(
      /vit_tiny_patch16: op ReduceMean \(node .*ln_1\/ReduceMean.\) has no backward rule/,
    );
  });
});
