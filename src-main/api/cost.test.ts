// The cost estimate counts what each method really does: checked against a
// classifier that counts the images it is asked about, and against the
// registry (every method that loops over a count parameter has a rule).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeMethods, getMethod } from '../explainers/registry';
import { perturbCtx, smallConvNet } from '../explainers/perturbation/fixtures';
import { windowStarts, autoWindow } from '../explainers/perturbation/occlusion';
import type { Classifier } from '../model/classifier';
import { estimateMs, hasCostRule, methodPasses, occlusionWindows, type CostModel } from './cost';
import type { LayerInfo } from './types';

const ALL = describeMethods();
const desc = (id: string) => ALL.find((m) => m.id === id)!;
const model = (h: number, w: number, layers: LayerInfo[] = []): CostModel => ({ inputHeight: h, inputWidth: w, layers });
const passes = (id: string, params: Record<string, number | string | boolean>, m = model(28, 28)) => methodPasses(desc(id), params, m, ALL);

/** The classifier with its logits counting the images (rows) it is called on. */
function counting(inner: Classifier): { model: Classifier; images: () => number } {
  let n = 0;
  const wrapped = Object.create(inner) as Classifier;
  wrapped.logits = (x) => ((n += x.shape[0]), inner.logits(x));
  wrapped.fastLogits = undefined;
  return { model: wrapped, images: () => n };
}

describe('cost estimate (passes per method)', () => {
  it('has a rule for every registry method with a count, loop or per-channel parameter', () => {
    const looping = ALL.filter((m) => m.passThrough || m.params.some((p) => ['samples', 'steps', 'iterations', 'batch', 'window'].includes(p.name)));
    expect(looping.length).toBeGreaterThan(8);
    for (const m of looping) expect(m.passThrough !== undefined || hasCostRule(m.id), `${m.id} has a cost rule`).toBe(true);
  });

  it('RISE: N masks = N forward passes in ⌈N / batch⌉ calls', () => {
    expect(passes('rise', {})).toEqual({ forward: 4000, backward: 0, calls: 125 });
    expect(passes('rise', { samples: 100, batch: 16 })).toEqual({ forward: 100, backward: 0, calls: 7 });
  });

  it('occlusion: windows from image size, window and stride, plus the unoccluded input', () => {
    // 28²: auto window 3 (max(3, round(28/14)=2)), stride 2 → starts 0,2,…,24 and 25 flush: 14 per side.
    expect(occlusionWindows(28, 28, 0, 0)).toBe(14 * 14);
    expect(passes('occlusion', {}).forward).toBe(14 * 14 + 1);
    expect(passes('occlusion', { window: 16, stride: 8 }, model(224, 224)).forward).toBe(27 * 27 + 1);
    // Agrees with the method's own window placement at other sizes.
    for (const [h, w, win, st] of [
      [9, 7, 3, 2],
      [64, 96, 8, 4],
      [224, 224, 0, 0],
      [30, 30, 7, 5],
    ]) {
      const ww = win || autoWindow(h, w);
      const ss = st || Math.max(1, Math.ceil(ww / 2));
      expect(occlusionWindows(h, w, win, st)).toBe(windowStarts(h, Math.min(ww, h), ss).length * windowStarts(w, Math.min(ww, w), ss).length);
    }
  });

  it('IG steps, SmoothGrad samples × its base, LIME samples, Score-CAM channels', () => {
    expect(passes('integrated-gradients', {})).toEqual({ forward: 0, backward: 50, calls: 4 });
    expect(passes('smoothgrad', {})).toMatchObject({ forward: 0, backward: 50 });
    expect(passes('smoothgrad', { samples: 10, base: 'integrated-gradients', 'base.steps': 8 })).toMatchObject({ backward: 80 });
    expect(passes('lime', {})).toMatchObject({ forward: 1000, backward: 0, calls: 32 });
    expect(passes('xrai', { steps: 20 }).backward).toBe(40);
    const conv: LayerInfo = { name: 'conv2', className: 'Conv2D', outputShape: [null, 7, 7, 64], camEligible: true };
    expect(passes('scorecam', {}, { ...model(28, 28, [conv]), layer: 'conv2' })).toEqual({ forward: 64, backward: 0, calls: 2 });
    expect(passes('saliency', {})).toEqual({ forward: 0, backward: 1, calls: 1 });
    expect(passes('gradcam', {}).backward).toBe(1);
    expect(passes('eigencam', {}).forward).toBe(1);
  });

  it('estimate = passes × measured ms per pass', () => {
    expect(estimateMs(passes('rise', {}), { forwardMs: 70, backwardMs: 200 })).toBe(280_000);
    expect(estimateMs(passes('integrated-gradients', { steps: 10 }), { forwardMs: 70, backwardMs: 200 })).toBe(2000);
  });

  it.each([
    ['rise', { samples: 40, batch: 16 }],
    ['occlusion', { window: 3, stride: 2 }],
    ['lime', { samples: 30, batch: 8 }],
    ['integrated-gradients', { steps: 12, batch: 5 }],
    ['gradient-shap', { samples: 9, batch: 4 }],
    ['smoothgrad', { samples: 6, batch: 4 }],
  ] as const)('%s: the images its run sends through the model = the estimate', async (id, params) => {
    const [h, w, c] = [12, 10, 3];
    const { model: m, images } = counting(smallConvNet(h, w, c));
    const x = tf.randomUniform([1, h, w, c], 0, 1, 'float32', 5) as tf.Tensor4D;
    const method = getMethod(id);
    await method.run(perturbCtx(method, m, x, 1, params));
    x.dispose();
    const est = methodPasses(desc(id), params, model(h, w), ALL);
    // IG adds its completeness check (input and baseline) and the tunnels nothing: within 2 images.
    expect(Math.abs(images() - (est.forward + est.backward))).toBeLessThanOrEqual(2);
  });
});
