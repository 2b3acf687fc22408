// ROAD's noisy linear imputation (Rong et al. 2022, arXiv:2202.00449, §4; reference code
// tleemann/road_evaluation `NoisyLinearImputer`): every removed pixel is the weighted mean of its
// in-image 8-neighbours (weight 1 direct, 1/2 diagonal; the reference's 1/6 and 1/12), removed
// neighbours included, so all removed pixels form one sparse linear system
// (Σ_j w_ij)·x_i − Σ_{j removed} w_ij x_j = Σ_{j kept} w_ij x_j, per channel; then Gaussian noise.
// The system is a weighted graph Laplacian restricted to the removed pixels: symmetric positive
// definite when every removed region touches a kept pixel, so Jacobi-preconditioned conjugate
// gradients solve it (the reference uses a direct sparse solve; same solution to the tolerance).
import { gaussian, mulberry32 } from '../shared/random';

const OFFSETS: readonly [number, number, number][] = [
  [-1, -1, 0.5],
  [-1, 0, 1],
  [-1, 1, 0.5],
  [0, -1, 1],
  [0, 1, 1],
  [1, -1, 0.5],
  [1, 0, 1],
  [1, 1, 0.5],
];

/**
 * x: [h,w,c] row-major; removed: [h,w] (1 = remove). Returns a copy with removed pixels imputed,
 * plus σ·N(0,1) noise on them (seeded). A removed region with no kept pixel around it gets 0 + noise.
 */
export function noisyLinearImpute(
  x: Float32Array,
  removed: ArrayLike<number>,
  shape: [number, number, number],
  opts: { noise?: number; seed?: number; tol?: number; maxIter?: number } = {},
): Float32Array {
  const [h, w, c] = shape;
  const out = Float32Array.from(x);
  const ids: number[] = [];
  const slot = new Int32Array(h * w).fill(-1);
  for (let p = 0; p < h * w; p++) if (removed[p]) slot[p] = ids.push(p) - 1;
  const n = ids.length;
  if (n === 0) return out;
  // Neighbour lists per unknown: diagonal degree, unknown neighbours (slot, weight), kept neighbours (pixel, weight).
  const diag = new Float64Array(n);
  const uN: number[][] = [];
  const kN: number[][] = [];
  for (let k = 0; k < n; k++) {
    const y = Math.floor(ids[k] / w);
    const xx = ids[k] % w;
    const u: number[] = [];
    const kept: number[] = [];
    for (const [dy, dx, wt] of OFFSETS) {
      const yy = y + dy;
      const x2 = xx + dx;
      if (yy < 0 || yy >= h || x2 < 0 || x2 >= w) continue;
      const q = yy * w + x2;
      diag[k] += wt;
      if (slot[q] >= 0) u.push(slot[q], wt);
      else kept.push(q, wt);
    }
    uN.push(u);
    kN.push(kept);
  }
  const mul = (v: Float64Array, r: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let s = diag[k] * v[k];
      const u = uN[k];
      for (let t = 0; t < u.length; t += 2) s -= u[t + 1] * v[u[t]];
      r[k] = s;
    }
  };
  // Relative residual 1e-3: a 224² image with 90% removed then takes ~0.7 s instead of ~1.5 s at 1e-6.
  const tol = opts.tol ?? 1e-3;
  const maxIter = opts.maxIter ?? 1000;
  const sol = new Float64Array(n);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const d = new Float64Array(n);
  const q = new Float64Array(n);
  for (let ch = 0; ch < c; ch++) {
    // b = kept neighbours' contribution; start from zero.
    let bn = 0;
    for (let k = 0; k < n; k++) {
      let s = 0;
      const kept = kN[k];
      for (let t = 0; t < kept.length; t += 2) s += kept[t + 1] * x[kept[t] * c + ch];
      r[k] = s;
      bn += s * s;
      sol[k] = 0;
    }
    bn = Math.sqrt(bn);
    let rz = 0;
    for (let k = 0; k < n; k++) {
      z[k] = r[k] / diag[k];
      d[k] = z[k];
      rz += r[k] * z[k];
    }
    for (let it = 0; it < maxIter && bn > 0; it++) {
      mul(d, q);
      let dq = 0;
      for (let k = 0; k < n; k++) dq += d[k] * q[k];
      if (!(dq > 0)) break; // singular (an island of removed pixels): keep what converged
      const alpha = rz / dq;
      let rn = 0;
      for (let k = 0; k < n; k++) {
        sol[k] += alpha * d[k];
        r[k] -= alpha * q[k];
        rn += r[k] * r[k];
      }
      if (Math.sqrt(rn) <= tol * bn) break;
      let rz2 = 0;
      for (let k = 0; k < n; k++) {
        z[k] = r[k] / diag[k];
        rz2 += r[k] * z[k];
      }
      const beta = rz2 / rz;
      rz = rz2;
      for (let k = 0; k < n; k++) d[k] = z[k] + beta * d[k];
    }
    for (let k = 0; k < n; k++) out[ids[k] * c + ch] = sol[k];
  }
  const sigma = opts.noise ?? 0.01;
  if (sigma > 0) {
    const rand = mulberry32(opts.seed ?? 0);
    for (let k = 0; k < n; k++) for (let ch = 0; ch < c; ch++) out[ids[k] * c + ch] += sigma * gaussian(rand);
  }
  return out;
}
