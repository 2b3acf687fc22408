import { describe, expect, it } from 'vitest';
import { incompleteBeta, lnGamma, tTwoSided, welchTTest } from './stats';

describe('t distribution by hand', () => {
  it('ln Γ at known points: Γ(5) = 24, Γ(½) = √π, Γ(10.5) from the recurrence', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    let g = Math.sqrt(Math.PI);
    for (let k = 0.5; k < 10.5; k++) g *= k;
    expect(lnGamma(10.5)).toBeCloseTo(Math.log(g), 10);
  });

  it('incomplete beta: I_x(1,1) = x, I_x(a,1) = x^a, I_½(a,a) = ½, I_x(2,3) in closed form', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 13);
    expect(incompleteBeta(0.7, 3.5, 1)).toBeCloseTo(0.7 ** 3.5, 13);
    expect(incompleteBeta(0.5, 4.2, 4.2)).toBeCloseTo(0.5, 13);
    // I_x(2,3) = 6x² − 8x³ + 3x⁴ (integral of 12 t(1−t)²)
    for (const x of [0.1, 0.45, 0.9]) expect(incompleteBeta(x, 2, 3)).toBeCloseTo(6 * x ** 2 - 8 * x ** 3 + 3 * x ** 4, 13);
  });

  it('two-sided p of Student t: table values and the Cauchy case df = 1', () => {
    expect(tTwoSided(2.0, 10)).toBeCloseTo(0.073388, 5);
    expect(tTwoSided(2.228139, 10)).toBeCloseTo(0.05, 5); // the 97.5% quantile
    expect(tTwoSided(2.262157, 9)).toBeCloseTo(0.05, 5);
    expect(tTwoSided(3.169273, 10)).toBeCloseTo(0.01, 5);
    expect(tTwoSided(1.959964, 1e7)).toBeCloseTo(0.05, 5); // → normal
    for (const t of [0.3, 1, 5]) expect(tTwoSided(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12);
    expect(tTwoSided(0, 7)).toBe(1);
    expect(tTwoSided(-2, 10)).toBe(tTwoSided(2, 10));
  });

  it("Welch's test on a hand-computed example, and constant samples", () => {
    // a: mean 3, var 2.5 (n 5); b: mean 6, var 10 (n 5) → se² = 0.5 + 2 = 2.5, t = −3/√2.5,
    // df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 5.882353
    const r = welchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2.5), 12);
    expect(r.df).toBeCloseTo(6.25 / 1.0625, 12);
    expect(r.p).toBeCloseTo(tTwoSided(3 / Math.sqrt(2.5), 6.25 / 1.0625), 14);
    expect(r.p).toBeGreaterThan(0.1);
    expect(r.p).toBeLessThan(0.12);
    expect(welchTTest([1, 1, 1], [1, 1]).p).toBe(1);
    expect(welchTTest([1, 1, 1], [0, 0]).p).toBe(0);
  });
});
