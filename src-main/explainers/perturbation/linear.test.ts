import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random';
import { solve, weightedRidge } from './linear';

describe('surrogate linear algebra', () => {
  it('solves a system that needs pivoting', () => {
    // [[0,2,1],[1,1,1],[2,1,0]] x = [5,4,4] → x = (1,2,1)
    const x = solve(Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]), Float64Array.from([5, 4, 4]), 3);
    [1, 2, 1].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it('recovers exact weights (R² = 1) as α → 0 and matches the closed form for one feature with α = 1', () => {
    const rand = mulberry32(3);
    const [n, k] = [200, 4];
    const X = Float64Array.from({ length: n * k }, () => (rand() < 0.5 ? 1 : 0));
    const w = Float64Array.from({ length: n }, () => 0.1 + rand());
    const y = Array.from({ length: n }, (_, i) => 0.5 + 2 * X[i * k] - 1 * X[i * k + 1] + 0.25 * X[i * k + 3]);
    const fit = weightedRidge(X, y, w, n, k, 1e-9);
    [2, -1, 0, 0.25].forEach((v, j) => expect(fit.coef[j]).toBeCloseTo(v, 6));
    expect(fit.intercept).toBeCloseTo(0.5, 6);
    expect(fit.r2).toBeCloseTo(1, 9);
    // One feature: β = Σw(x−x̄)(y−ȳ) / (Σw(x−x̄)² + α); samples x = 0,1,1 with weights 1,1,2 and y = 0,1,3.
    const one = weightedRidge(Float64Array.from([0, 1, 1]), [0, 1, 3], [1, 1, 2], 3, 1, 1);
    const [xm, ym] = [3 / 4, 7 / 4];
    const sxy = 1 * (0 - xm) * (0 - ym) + 1 * (1 - xm) * (1 - ym) + 2 * (1 - xm) * (3 - ym);
    const sxx = 1 * xm ** 2 + 3 * (1 - xm) ** 2;
    expect(one.coef[0]).toBeCloseTo(sxy / (sxx + 1), 12);
    expect(one.intercept).toBeCloseTo(ym - one.coef[0] * xm, 12);
  });
});
