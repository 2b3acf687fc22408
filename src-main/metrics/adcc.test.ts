import { describe, expect, it } from 'vitest';
import { adcc, coherency, complexity } from './adcc';

describe('ADCC (Poppi et al.)', () => {
  const m = Float32Array.from([0, 1, 2, 3]);
  it('coherency: 1 for the same map (any scale), 0 for an inverted one', () => {
    expect(
      coherency(
        m,
        m.map((v) => 10 * v + 4),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      coherency(
        m,
        m.map((v) => -v),
      ),
    ).toBeCloseTo(0, 12);
  });

  it('complexity: the mean of the [0,1]-normalised map — 1 for a constant map, 1/N for one hot pixel', () => {
    expect(complexity(m)).toBeCloseTo((0 + 1 / 3 + 2 / 3 + 1) / 4, 6); // float32 maps
    expect(complexity(new Float32Array(9).fill(0.2))).toBe(1);
    const one = new Float32Array(100);
    one[42] = 5;
    expect(complexity(one)).toBeCloseTo(0.01, 9);
  });

  it('the harmonic mean: adcc(1, 0, 0) = 1, adcc(.5, .5, .5) = .5, adcc(1, .25, .5) = 3/(1 + 4/3 + 2)', () => {
    expect(adcc(1, 0, 0)).toBeCloseTo(1, 12);
    expect(adcc(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 12);
    expect(adcc(1, 0.25, 0.5)).toBeCloseTo(3 / (1 + 4 / 3 + 2), 12);
  });

  it('a constant (keep-everything) map scores 0: its complexity is 1', () => {
    const c = new Float32Array(16).fill(1);
    expect(adcc(coherency(c, c), complexity(c), 0)).toBe(0);
  });
});
