import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { fitGmm, gmmLogLikelihood } from './gmm';

function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

describe('fitGmm', () => {
  it('recovers two well-separated 1-D clusters: means 0.2 and 0.8 (±0.01), sd 0.03 (±0.005), weights 0.3/0.7 (±0.02)', () => {
    const rnd = mulberry32(3);
    const n = 4000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = i < 1200 ? 0.2 + 0.03 * gauss(rnd) : 0.8 + 0.03 * gauss(rnd);
    const g = fitGmm(x, 1, 2, 20);
    const order = [0, 1].sort((a, b) => g.means[a] - g.means[b]);
    expect(g.means[order[0]]).toBeCloseTo(0.2, 2);
    expect(g.means[order[1]]).toBeCloseTo(0.8, 2);
    for (const j of order) expect(Math.abs(Math.sqrt(g.vars[j]) - 0.03)).toBeLessThan(0.005);
    expect(Math.abs(g.weights[order[0]] - 0.3)).toBeLessThan(0.02);
  });

  it('a single component is the sample mean and variance; its log-likelihood matches the normal density', () => {
    const x = new Float32Array([0.1, 0.5, 0.2, 0.6, 0.3, 0.7]); // two dims: (0.1,0.5), (0.2,0.6), (0.3,0.7)
    const g = fitGmm(x, 2, 1, 3);
    expect(g.means[0]).toBeCloseTo(0.2, 6);
    expect(g.means[1]).toBeCloseTo(0.6, 6);
    expect(g.vars[0]).toBeCloseTo(0.02 / 3, 6);
    const at = new Float32Array([0.2, 0.6]);
    // Density at the mean of a diagonal normal: −½ Σ log(2π σ²).
    expect(gmmLogLikelihood(g, at, 0)).toBeCloseTo(-Math.log(2 * Math.PI * (0.02 / 3)), 4);
  });
});
