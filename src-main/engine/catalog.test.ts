// The catalog: every registered method, control and metric as plain data.
import { afterAll, describe, expect, it } from 'vitest';
import { describeMethods } from '../explainers/registry';
import { METRIC_PARAMS } from '../api/metrics';
import { METRIC_SCORES } from '../metrics/scores';
import { describeCatalog } from './catalog';
import { LocalEngine } from './engine';

const engine = new LocalEngine();
afterAll(() => engine.close());

describe('catalog', () => {
  it('lists the methods, the controls apart, and the metrics, as data that crosses any boundary', async () => {
    const c = await engine.catalog();
    expect(c).toEqual(describeCatalog());
    // Plain data: a structured clone (the worker's postMessage) and JSON (the web host) keep every field.
    expect(structuredClone(c)).toEqual(c);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c.controls.map((m) => m.id)).toEqual(['random-map', 'fake-cam', 'sobel']);
    expect(c.controls.every((m) => m.family === 'control')).toBe(true);
    expect(c.methods.some((m) => m.family === 'control')).toBe(false);
    expect([...c.methods, ...c.controls].map((m) => m.id).sort()).toEqual(
      describeMethods()
        .map((m) => m.id)
        .sort(),
    );
    expect(c.methods[0].id).toBe('saliency');
  });

  it('carries the capabilities the UI used to hard-code', async () => {
    const c = await engine.catalog();
    expect(c.methods.filter((m) => m.acceptsRegions).map((m) => m.id)).toEqual(['lime', 'kernel-shap']);
    expect(c.methods.filter((m) => m.bim?.default).map((m) => m.id)).toEqual([
      'saliency',
      'gradient-input',
      'integrated-gradients',
      'smoothgrad',
      'guided-backprop',
      'gradcam',
      'occlusion',
      'rise',
    ]);
    expect(c.methods.find((m) => m.id === 'smoothgrad')).toMatchObject({
      passThrough: { param: 'base', prefix: 'base.' },
      bim: { default: true, params: { samples: 32 } },
    });
    expect(c.methods.find((m) => m.id === 'smoothgrad')!.params[0].options).toContain('integrated-gradients');
  });

  it('describes each metric with its direction, its needs and the options it reads; every metric has a score', async () => {
    const { metrics } = await engine.catalog();
    expect(metrics.map((m) => m.id)).toEqual([
      'deletion',
      'insertion',
      'road-morf',
      'road-lerf',
      'faithfulness-correlation',
      'monotonicity',
      'infidelity',
      'average-drop',
      'average-increase',
      'adcc',
      'max-sensitivity',
      'avg-sensitivity',
      'local-lipschitz',
      'random-logit',
      'smooth-mprt',
      'efficient-mprt',
      'pointing-game',
      'iou',
      'energy-pointing-game',
      'sparseness',
      'complexity',
      'relevance-mass',
      'relevance-rank',
      'top-k-intersection',
    ]);
    // MoRF, infidelity, the sensitivities, Lipschitz, random logit, smooth MPRT and complexity: lower is better.
    expect(metrics.filter((m) => m.higherIsBetter).map((m) => m.id)).toEqual([
      'insertion',
      'road-lerf',
      'faithfulness-correlation',
      'monotonicity',
      'average-increase',
      'adcc',
      'efficient-mprt',
      'pointing-game',
      'iou',
      'energy-pointing-game',
      'sparseness',
      'relevance-mass',
      'relevance-rank',
      'top-k-intersection',
    ]);
    expect(metrics.filter((m) => m.needsMask).map((m) => m.id)).toEqual([
      'pointing-game',
      'iou',
      'energy-pointing-game',
      'relevance-mass',
      'relevance-rank',
      'top-k-intersection',
    ]);
    // Seconds per image: never in a default evaluation.
    expect(metrics.filter((m) => m.optIn).map((m) => m.id)).toEqual([
      'road-morf',
      'road-lerf',
      'max-sensitivity',
      'avg-sensitivity',
      'local-lipschitz',
      'smooth-mprt',
      'efficient-mprt',
    ]);
    expect(metrics.filter((m) => m.family === 'robustness').map((m) => m.id)).toEqual(['max-sensitivity', 'avg-sensitivity', 'local-lipschitz']);
    expect(metrics.find((m) => m.id === 'adcc')).toMatchObject({ reexplains: true, parts: ['coherency', 'complexity'] });
    expect(metrics.find((m) => m.id === 'deletion')!.params!.map((p) => p.name)).toEqual(['steps', 'deletionSubstrate', 'batch']);
    for (const m of metrics) expect(m).not.toHaveProperty('needs');
    expect(Object.keys(METRIC_SCORES).sort()).toEqual(metrics.map((m) => m.id).sort());
    expect(METRIC_PARAMS.map((p) => p.name).sort()).toEqual([
      'batch',
      'deletionSubstrate',
      'faithSubsetSize',
      'faithSubsets',
      'infidelityNormalize',
      'infidelitySamples',
      'infidelitySigma',
      'insertionSubstrate',
      'iouThreshold',
      'iouTopPercent',
      'lipschitzSigma',
      'monotonicitySteps',
      'mprtSamples',
      'mprtSigma',
      'roadNoise',
      'seed',
      'sensitivityRadius',
      'sensitivitySamples',
      'steps',
      'tolerance',
      'topKPercent',
    ]);
  });
});
