import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { trainCav } from './cav';

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** n rows of N(centre·u, I) in d dims. */
function cloud(n: number, d: number, u: Float64Array, centre: number, rand: () => number, offset = 0): Float32Array {
  return Float32Array.from({ length: n * d }, (_, i) => offset + centre * u[i % d] + gaussian(rand));
}

describe('CAV: regularised logistic regression in the span of the examples', () => {
  const d = 40;
  const rand = mulberry32(11);
  const u = Float64Array.from({ length: d }, () => gaussian(rand));
  const un = Math.hypot(...u);
  u.forEach((v, i) => (u[i] = v / un));
  const N = 60;
  const pos = cloud(N, d, u, 1.5, rand, 3);
  const neg = cloud(N, d, u, -1.5, rand, 3);

  it('two Gaussian clouds 3σ apart along u: the CAV is u up to sampling noise (cos > 0.85; the difference of means alone reaches ≈ 0.93), oriented to the concept, and separates them', () => {
    const cav = trainCav(pos, neg, d);
    const cos = cav.vector.reduce((s, v, i) => s + v * u[i], 0);
    console.log(`[cav] cos(CAV, u) = ${cos.toFixed(4)}, accuracy ${cav.accuracy}, ${cav.iterations} Newton iterations`);
    expect(Math.hypot(...cav.vector)).toBeCloseTo(1, 12);
    expect(cos).toBeGreaterThan(0.85);
    expect(cav.accuracy).toBeGreaterThanOrEqual(0.95);
    // Swapping the sets flips the vector exactly.
    const back = trainCav(neg, pos, d);
    back.vector.forEach((v, i) => expect(v).toBeCloseTo(-cav.vector[i], 9));
  });

  it('the solution is the optimum: the primal gradient (1/n) Σ gᵢ x̃ᵢ + λ w and the bias derivative vanish', () => {
    const lambda = 0.05;
    const cav = trainCav(pos, neg, d, { lambda });
    const n = 2 * N;
    const gw = new Float64Array(d);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = i < N ? pos.subarray(i * d, (i + 1) * d) : neg.subarray((i - N) * d, (i - N + 1) * d);
      const y = i < N ? 1 : -1;
      const xs = Float64Array.from(r, (v, k) => (v - cav.mean[k]) / cav.scale);
      const f = xs.reduce((s, v, k) => s + v * cav.w[k], cav.bias);
      const g = -y / (1 + Math.exp(y * f));
      xs.forEach((v, k) => (gw[k] += (g * v) / n));
      gb += g / n;
    }
    const grad = Math.hypot(...gw.map((v, k) => v + lambda * cav.w[k]));
    console.log(
      `[cav] ‖∇J‖ at the solution ${grad.toExponential(2)}, ∂J/∂b ${(gb + lambda * cav.bias).toExponential(2)} (‖w‖ = ${Math.hypot(...cav.w).toFixed(3)})`,
    );
    expect(grad).toBeLessThan(1e-10);
    expect(Math.abs(gb + lambda * cav.bias)).toBeLessThan(1e-10);
  });
});
