import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { solve, weightedRidge } from './linalg';

const f64 = (v: number[]): Float64Array => Float64Array.from(v);

describe('solve (Gaussian elimination, partial pivoting)', () => {
  it('solves hand-solved 3×3 systems whose first pivot is 0, leaving A and b untouched', () => {
    // [[0,2,1],[1,1,1],[2,1,0]] x = [5,4,4] → x = (1,2,1)
    const x = solve(f64([0, 2, 1, 1, 1, 1, 2, 1, 0]), f64([5, 4, 4]), 3);
    [1, 2, 1].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
    // [[0,2,1],[1,1,1],[2,1,3]] x = [5,6,14] → x = (2,1,3)
    const A = f64([0, 2, 1, 1, 1, 1, 2, 1, 3]);
    const b = f64([5, 6, 14]);
    expect([...solve(A, b, 3)].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([2, 1, 3]);
    expect([...A, ...b]).toEqual([0, 2, 1, 1, 1, 1, 2, 1, 3, 5, 6, 14]);
  });

  it('pivots on the largest entry: [[1e-20,1],[1,1]] x = [1,2] is (1,1), not the (0,1) of naive elimination', () => {
    const x = solve(f64([1e-20, 1, 1, 1]), f64([1, 2]), 2);
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[1]).toBeCloseTo(1, 14);
  });

  it('keeps 12 digits on the ill-conditioned 4×4 Hilbert matrix (cond ≈ 1.6e4)', () => {
    const H = Array.from({ length: 16 }, (_, k) => 1 / (Math.floor(k / 4) + (k % 4) + 1));
    const b = [0, 1, 2, 3].map((i) => H.slice(4 * i, 4 * i + 4).reduce((s, v) => s + v, 0)); // H·1
    solve(f64(H), f64(b), 4).forEach((v) => expect(v).toBeCloseTo(1, 10));
  });

  it('singular systems get a vanishing ridge, not NaN: a never-varying feature gets 0, a repeated row a particular solution', () => {
    // [[2,1,0],[1,1,0],[0,0,0]] x = [3,2,0]: x = (1,1,0), the third unknown undetermined → 0.
    expect(Array.from(solve(f64([2, 1, 0, 1, 1, 0, 0, 0, 0]), f64([3, 2, 0]), 3)).map((v) => +v.toFixed(12))).toEqual([1, 1, 0]);
    // [[1,1],[1,1]] x = [2,2]: the line x0 + x1 = 2; the ridge picks (2, 0).
    expect(Array.from(solve(f64([1, 1, 1, 1]), f64([2, 2]), 2))).toEqual([2, 0]);
    expect(Array.from(solve(f64([0, 0, 0, 0]), f64([0, 0]), 2))).toEqual([0, 0]);
  });

  it('refuses mismatched sizes', () => {
    expect(() => solve(f64([1, 2, 3]), f64([1, 2]), 2)).toThrow(/expected 2×2/);
  });
});

describe('weightedRidge (sklearn Ridge with sample_weight)', () => {
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

  it('gives a constant feature coefficient 0 even with α = 0 (the ridge fallback of solve)', () => {
    const X = Float64Array.from([0, 1, 1, 1, 0, 1, 1, 1]); // feature 1 is always 1
    const fit = weightedRidge(X, [1, 3, 1, 3], [1, 1, 1, 1], 4, 2, 0);
    expect(fit.coef[0]).toBeCloseTo(2, 12);
    expect(fit.coef[1]).toBe(0);
    expect(fit.intercept).toBeCloseTo(1, 12);
  });
});
