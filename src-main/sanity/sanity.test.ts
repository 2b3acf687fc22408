// The seeds' second finding on our demo digits model (Adebayo et al.): under
// cascading randomisation the plain gradient's map decorrelates from the
// trained model's, Guided Backprop's much less so.
import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { getMethod } from '../explainers/registry';
import { loadImageFile } from '../io/load';
import { type LoadedModel, loadModelFromPath } from '../model/load';
import { demo } from '../testing/shared-data';
import { batchCtx } from '../metrics/fixtures';
import { modelInput, topClasses } from '../metrics/run-method';
import { compareMaps, sanityCheck, visualNormalise } from './sanity';

describe('sanity checks: model-parameter randomisation', () => {
  let loaded: LoadedModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    loaded = await loadModelFromPath(demo('digits', 'model.json'));
    x = modelInput(loaded.classifier, await loadImageFile(demo('digits', 'samples', 'digit-3.png')), loaded.info.preprocess);
  });
  afterAll(() => {
    x.dispose();
    loaded.classifier.dispose();
  });

  it('compareMaps: identical maps score 1 everywhere; a map against its negation −1 raw, 1 in |·|', () => {
    const a = Float32Array.from({ length: 28 * 28 }, (_, i) => Math.sin(i / 7) * Math.cos(i / 29));
    const same = compareMaps(a, a, [28, 28]);
    for (const v of Object.values(same)) expect(v).toBeCloseTo(1, 9);
    const neg = compareMaps(
      a,
      a.map((v) => -v),
      [28, 28],
    );
    expect(neg.spearman).toBeCloseTo(-1, 9);
    expect(neg.spearmanAbs).toBeCloseTo(1, 9);
    expect(neg.ssim).toBeCloseTo(1, 9);
    expect(visualNormalise([0, -2, 4, 100]).every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(compareMaps(a.slice(0, 100), a.slice(0, 100), [10, 10]).hog).toBeNaN();
  });

  it('cascading: the gradient map decorrelates, Guided Backprop stays similar; no tensors leak', async () => {
    const c = loaded.classifier;
    const [target] = await topClasses(c, [x]);
    expect(target).toBe(3);
    const before = tf.memory().numTensors;
    const ids = ['saliency', 'guided-backprop', 'gradcam'];
    const r = await sanityCheck(
      c,
      x,
      target,
      ids.map((id) => ({ id, method: getMethod(id), opts: { layer: 'conv2' } })),
      { mode: 'cascading', seed: 0 },
      batchCtx(),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(r.steps.map((s) => s.label)).toEqual(['original', 'probs', 'conv2', 'conv1']);
    ids.forEach((id, j) =>
      console.log(
        `[sanity digit-3 cascading] ${id}: ${r.similarity[j].map((s, k) => `${r.steps[k].label} ρ=${s.spearman.toFixed(3)} |ρ|=${s.spearmanAbs.toFixed(3)} ssim=${s.ssim.toFixed(3)} hog=${s.hog.toFixed(3)}`).join('; ')}`,
      ),
    );
    const [grad, gbp] = [r.similarity[0], r.similarity[1]];
    for (const s of [grad[0], gbp[0]]) expect(s.spearmanAbs).toBe(1);
    const last = r.steps.length - 1;
    expect(grad[last].spearmanAbs).toBeLessThan(0.5);
    expect(gbp[last].spearmanAbs).toBeGreaterThan(grad[last].spearmanAbs);
    expect(r.maps[0]).toHaveLength(4);
  });

  it('over all six demo digits (cascading, fully randomised): mean |ρ| of the gradient well below Guided Backprop', async () => {
    const c = loaded.classifier;
    const files = readdirSync(demo('digits', 'samples')).filter((f) => f.endsWith('.png'));
    const finals: [number, number][] = [];
    for (const f of files) {
      const xi = modelInput(c, await loadImageFile(demo('digits', 'samples', f)), loaded.info.preprocess);
      const [t] = await topClasses(c, [xi]);
      const r = await sanityCheck(
        c,
        xi,
        t,
        ['saliency', 'guided-backprop'].map((id) => ({ id, method: getMethod(id) })),
        { mode: 'cascading' },
        batchCtx(),
      );
      finals.push([r.similarity[0].at(-1)!.spearmanAbs, r.similarity[1].at(-1)!.spearmanAbs]);
      xi.dispose();
    }
    const mean = (k: number): number => finals.reduce((a, v) => a + v[k], 0) / finals.length;
    console.log(
      `[sanity digits ×${finals.length} cascading, all layers] mean |ρ| saliency ${mean(0).toFixed(3)}, guided-backprop ${mean(1).toFixed(3)}; per image ${finals.map((v) => v.map((n) => n.toFixed(2)).join('/')).join(', ')}`,
    );
    expect(mean(0)).toBeLessThan(0.5);
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.15);
  });
});
