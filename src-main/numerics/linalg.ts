// The app's small dense float64 linear algebra, on the host: the normal
// equations of the surrogate methods (LIME's weighted ridge, KernelSHAP's
// constrained least squares) and the Newton steps of the CAV classifier, n at
// most a few hundred. A leaf: it imports nothing from the app.
import { StudioError } from '../api/errors';

/**
 * Solves A x = b (A n×n row-major) by Gaussian elimination with partial
 * pivoting; A and b are left untouched. A pivot below 1e-12·max|diag A| (a
 * singular system: a surrogate feature that never varies) is replaced by that
 * vanishing ridge, so the unknown it cannot determine comes out 0 in a
 * consistent system instead of NaN. A well-posed system never reaches the ridge.
 */
export function solve(A: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  if (A.length !== n * n || b.length !== n) throw new StudioError('internal', `solve: A has ${A.length} values and b ${b.length}, expected ${n}×${n} and ${n}`);
  const a = Float64Array.from(A);
  const x = Float64Array.from(b);
  let scale = 1e-300;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]));
  const ridge = 1e-12 * scale;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (Math.abs(a[piv * n + c]) < ridge) a[piv * n + c] = ridge;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[piv * n + k]] = [a[piv * n + k], a[c * n + k]];
      [x[c], x[piv]] = [x[piv], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= a[c * n + k] * x[k];
    x[c] = s / a[c * n + c];
  }
  return x;
}

export interface RidgeFit {
  coef: Float64Array;
  intercept: number;
  /** Weighted R² of the fit on its own samples (sklearn's `score` with sample_weight). */
  r2: number;
}

/**
 * Weighted ridge regression with an intercept, as sklearn's Ridge(alpha).fit(X, y,
 * sample_weight): X and y are centred on their weighted means, then
 * (Xcᵀ W Xc + αI) β = Xcᵀ W yc, intercept = ȳ − x̄ᵀβ. X is N×K row-major.
 */
export function weightedRidge(X: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, n: number, k: number, alpha: number): RidgeFit {
  let sw = 0;
  const xm = new Float64Array(k);
  let ym = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    ym += w[i] * y[i];
    for (let j = 0; j < k; j++) xm[j] += w[i] * X[i * k + j];
  }
  ym /= sw;
  for (let j = 0; j < k; j++) xm[j] /= sw;
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  const xc = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) xc[j] = X[i * k + j] - xm[j];
    const yc = y[i] - ym;
    for (let j = 0; j < k; j++) {
      const wx = w[i] * xc[j];
      b[j] += wx * yc;
      for (let l = j; l < k; l++) A[j * k + l] += wx * xc[l];
    }
  }
  for (let j = 0; j < k; j++) {
    A[j * k + j] += alpha;
    for (let l = 0; l < j; l++) A[j * k + l] = A[l * k + j];
  }
  const coef = solve(A, b, k);
  const intercept = ym - coef.reduce((s, c, j) => s + c * xm[j], 0);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    let pred = intercept;
    for (let j = 0; j < k; j++) pred += coef[j] * X[i * k + j];
    ssRes += w[i] * (y[i] - pred) ** 2;
    ssTot += w[i] * (y[i] - ym) ** 2;
  }
  return { coef, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}
