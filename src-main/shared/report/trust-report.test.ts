import { describe, expect, it } from 'vitest';
import type { EvaluateResult } from '../../api/evaluate-types';
import { evaluationReport } from './evaluation-report';
import { reportTrustCards } from './trust-report';

const stats = (mean: number) => ({ mean, std: 0, n: 4 });
const base: EvaluateResult = {
  jobId: 'j',
  model: 'm',
  backend: 'wasm',
  images: ['a.png'],
  methods: ['gradcam', 'saliency', 'fake-cam'],
  metrics: ['sparseness', 'max-sensitivity', 'random-logit', 'adcc'],
  options: { sensitivitySamples: 10, sensitivityRadius: 0.02 },
  rows: [],
  summary: {
    gradcam: { sparseness: stats(0.55), 'max-sensitivity': stats(0.12), 'random-logit': stats(0.31), adcc: stats(0.31) },
    saliency: { sparseness: stats(0.2), 'max-sensitivity': stats(0.9), 'random-logit': stats(0.85), adcc: stats(0.05) },
    'fake-cam': { sparseness: stats(0), 'max-sensitivity': stats(0), 'random-logit': stats(1), adcc: stats(0.004) },
  },
  curves: {},
  seconds: 0,
};

describe('the trust card in an evaluation report', () => {
  it('reads each real method off its means with the card thresholds; the Fake-CAM control is the ADCC reference, not a subject', () => {
    const cards = reportTrustCards(base)!;
    expect(cards.map((c) => c.method)).toEqual(['gradcam', 'saliency']);
    const [g, s] = cards.map((c) => c.lines.map((l) => [l.value, l.status, l.reading]));
    expect(g).toEqual([
      ['0.55', 'ok', 'concentrated'],
      ['0.12', 'ok', 'stable under ±0.02 of the pixel range noise (changes by at most 12%)'],
      ['0.31', 'ok', 'class-sensitive (SSIM 0.31 to a random other class)'],
      // 0.31 − 0.004 = 0.306 ≥ 0.1
      ['0.31 vs 0.00', 'ok', 'beats Fake-CAM by 0.31 ADCC'],
    ]);
    expect(s).toEqual([
      ['0.20', 'warn', 'diffuse: the map spreads over most of the image'],
      ['0.90', 'warn', 'changes by 90% under small noise (±0.02 of the pixel range)'],
      ['0.85', 'warn', 'nearly the same map for another class (SSIM 0.85 to a random other class)'],
      // 0.05 − 0.004 = 0.046: > 0 but < 0.1
      ['0.05 vs 0.00', 'warn', 'beats Fake-CAM by only 0.05 ADCC'],
    ]);
  });

  it('a check whose metric did not run names the flag that adds it; no card metric, no card; no Fake-CAM, says so', () => {
    const some = reportTrustCards({ ...base, methods: ['gradcam'], metrics: ['sparseness', 'adcc'] })!;
    expect(some[0].lines.map((l) => [l.status, l.reading])).toEqual([
      ['ok', 'concentrated'],
      ['na', 'not measured (add --metric max-sensitivity)'],
      ['na', 'not measured (add --metric random-logit)'],
      ['na', 'Fake-CAM did not run (--controls fake-cam)'],
    ]);
    expect(reportTrustCards({ ...base, metrics: ['deletion'] })).toBeNull();
    expect(evaluationReport({ ...base, metrics: ['deletion'] })).not.toContain('id="trust"');
  });

  it('the report carries the card as a table: one row per method and check', () => {
    const html = evaluationReport(base);
    const table = html.slice(html.indexOf('<table id="trust">'), html.indexOf('</table>', html.indexOf('<table id="trust">')));
    expect(table.match(/<tr>/g)?.length).toBe(1 + 2 * 4);
    expect(table).toContain('⚠ diffuse: the map spreads over most of the image');
    expect(table).toContain('Yeh et al. 2019');
  });
});
