// Concept activation vector (Kim et al. 2018): the unit normal of a linear
// classifier separating a concept's activations from random ones, pointing to
// the concept. The classifier is L2-regularised logistic regression,
//   J(w, b) = (1/n) Σ log(1 + exp(−yᵢ(w·xᵢ + b))) + (λ/2)(‖w‖² + b²/s²),
// solved in float64. Activations are wide (d up to ~10⁵) and the sets small
// (n ~ 10²), so it is solved in the span of the examples (representer
// theorem, w = Σ βᵢ x̃ᵢ): Newton steps on β need only the n×n Gram matrix,
//   ((1/n) D K + λ I) Δβ = −((1/n) g + λ β),   D = diag σ(f)σ(−f),
// with a backtracking line search on J. Features are centred and scaled to unit
// mean squared norm first, so λ means the same at any layer; the bias is an
// extra constant feature of that same scale s.
import { StudioError } from '../api/errors';
import { solve } from '../numerics/linalg';

export interface Cav {
  /** Unit vector in activation space (d), towards the concept. */
  vector: Float64Array;
  /** Training accuracy of the linear classifier (concept vs random). */
  accuracy: number;
  /** Newton iterations used. */
  iterations: number;
  /** The solution in the centred, scaled feature space (for checks): f(x) = w·(x − mean)/scale + bias. */
  w: Float64Array;
  bias: number;
  mean: Float64Array;
  scale: number;
}

export interface CavOptions {
  /** L2 strength λ on unit-scaled features (sklearn's alpha in the TCAV code: 0.01). */
  lambda?: number;
  maxIterations?: number;
}

const log1pExp = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Trains a CAV from `concept` (nc×d) and `random` (nr×d) activation rows. */
export function trainCav(concept: Float32Array, random: Float32Array, d: number, opts: CavOptions = {}): Cav {
  const lambda = opts.lambda ?? 0.01;
  const nc = concept.length / d;
  const n = nc + random.length / d;
  if (!Number.isInteger(nc) || !Number.isInteger(n) || nc < 1 || n - nc < 1)
    throw new StudioError('internal', `trainCav: activation rows must be multiples of d = ${d}, with at least one of each set`);
  const row = (i: number): Float32Array => (i < nc ? concept.subarray(i * d, (i + 1) * d) : random.subarray((i - nc) * d, (i - nc + 1) * d));
  const y = Float64Array.from({ length: n }, (_, i) => (i < nc ? 1 : -1));
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let k = 0; k < d; k++) mean[k] += r[k] / n;
  }
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let k = 0; k < d; k++) X[i * d + k] = r[k] - mean[k];
  }
  // Gram matrix of the centred rows, then the unit-mean-square scaling and the bias feature (s = 1 after scaling).
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0, a = i * d, b = j * d; k < d; k++) s += X[a + k] * X[b + k];
      K[i * n + j] = K[j * n + i] = s;
    }
  }
  let msq = 0;
  for (let i = 0; i < n; i++) msq += K[i * n + i] / n;
  const scale = Math.sqrt(msq) || 1;
  for (let i = 0; i < n * n; i++) K[i] = K[i] / msq + 1;

  const beta = new Float64Array(n);
  const f = new Float64Array(n);
  const objective = (b: Float64Array): { J: number; f: Float64Array } => {
    const ff = new Float64Array(n);
    let J = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += K[i * n + j] * b[j];
      ff[i] = s;
    }
    for (let i = 0; i < n; i++) J += log1pExp(-y[i] * ff[i]) / n + (lambda / 2) * b[i] * ff[i];
    return { J, f: ff };
  };
  let J = objective(beta).J;
  let it = 0;
  for (; it < (opts.maxIterations ?? 50); it++) {
    const A = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(f[i]);
      const dii = p * (1 - p);
      rhs[i] = -((-y[i] * sigmoid(-y[i] * f[i])) / n + lambda * beta[i]);
      for (let j = 0; j < n; j++) A[i * n + j] = (dii * K[i * n + j]) / n;
      A[i * n + i] += lambda;
    }
    const step = solve(A, rhs, n);
    let t = 1;
    let next = beta.map((v, i) => v + step[i]);
    let o = objective(next);
    while (o.J > J && t > 1e-8) {
      t /= 2;
      next = beta.map((v, i) => v + t * step[i]);
      o = objective(next);
    }
    const change = J - o.J;
    beta.set(next);
    f.set(o.f);
    J = o.J;
    if (change < 1e-14 * Math.max(1, Math.abs(J))) {
      it++;
      break;
    }
  }
  // w = Σ βᵢ x̃ᵢ / scale (scaled space); the bias is the constant feature's weight, Σ βᵢ.
  const w = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) w[k] += (beta[i] * X[i * d + k]) / scale;
  const bias = beta.reduce((s, v) => s + v, 0);
  const norm = Math.sqrt(w.reduce((s, v) => s + v * v, 0)) || 1;
  const hits = f.reduce((s, v, i) => s + (Math.sign(v) === y[i] ? 1 : 0), 0);
  return { vector: w.map((v) => v / norm), accuracy: hits / n, iterations: it, w, bias, mean, scale };
}
