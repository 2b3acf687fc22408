// Student's t distribution for TCAV's significance test, by hand (no stats
// library in the tree): the two-sided tail is a regularised incomplete beta,
//   P(|T| ≥ t) = I_{df/(df+t²)}(df/2, 1/2),
// evaluated with the continued fraction of Numerical Recipes §6.4 (modified
// Lentz), and ln Γ by Lanczos (g = 7, 9 terms; ~1e-15 relative).
import { StudioError } from '../api/errors';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x); // reflection
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a,b), converging for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < TINY ? TINY : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + num / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // Use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges faster.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Two-sided p-value of Student's t with `df` (real, > 0) degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

export interface TTest {
  t: number;
  df: number;
  p: number;
  meanA: number;
  meanB: number;
}

const meanVar = (v: readonly number[]): [number, number] => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return [m, v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)];
};

/**
 * Welch's two-sided t-test of equal means (unequal variances, Welch–
 * Satterthwaite df). Two constant samples give p = 1 when their means are
 * equal and p = 0 when they differ (t = ±∞).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): TTest {
  if (a.length < 2 || b.length < 2) throw new StudioError('internal', 'welchTTest needs at least two values per sample');
  const [ma, va] = meanVar(a);
  const [mb, vb] = meanVar(b);
  const [sa, sb] = [va / a.length, vb / b.length];
  const se2 = sa + sb;
  if (se2 === 0) return { t: ma === mb ? 0 : Math.sign(ma - mb) * Infinity, df: a.length + b.length - 2, p: ma === mb ? 1 : 0, meanA: ma, meanB: mb };
  const t = (ma - mb) / Math.sqrt(se2);
  const df = (se2 * se2) / ((sa * sa) / (a.length - 1) + (sb * sb) / (b.length - 1));
  return { t, df, p: tTwoSided(t, df), meanA: ma, meanB: mb };
}
