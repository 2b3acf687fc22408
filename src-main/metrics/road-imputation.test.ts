import { describe, expect, it } from 'vitest';
import { noisyLinearImpute } from './road-imputation';

describe('noisyLinearImpute (ROAD)', () => {
  it('one removed centre of a 3×3: (4 direct ·1 + 4 diagonal ·½)-weighted mean = (Σdirect + ½Σdiag)/6', () => {
    // direct neighbours 2,4,6,8 (sum 20), diagonals 1,3,7,9 (sum 20) → (20 + 10)/6 = 5
    const x = Float32Array.from([1, 2, 3, 4, 100, 6, 7, 8, 9]);
    const out = noisyLinearImpute(x, [0, 0, 0, 0, 1, 0, 0, 0, 0], [3, 3, 1], { noise: 0 });
    expect(out[4]).toBeCloseTo(5, 6);
    expect(out[0]).toBe(1);
  });

  it('two removed pixels solved jointly: 1×4 row [a, ?, ?, b] → linear interpolation a + (b−a)/3, a + 2(b−a)/3', () => {
    // each unknown is the mean of its two direct neighbours: u1 = (0 + u2)/2, u2 = (u1 + 3)/2 → 1, 2
    const out = noisyLinearImpute(Float32Array.from([0, 9, 9, 3]), [0, 1, 1, 0], [1, 4, 1], { noise: 0 });
    expect(out[1]).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(2, 6);
  });

  it('channels solve separately; noise is seeded and only on removed pixels', () => {
    const x = Float32Array.from([0, 10, 5, 5, 2, 20]); // 1×3, 2 channels
    const a = noisyLinearImpute(x, [0, 1, 0], [1, 3, 2], { noise: 0 });
    expect([a[2], a[3]]).toEqual([1, 15]);
    const b = noisyLinearImpute(x, [0, 1, 0], [1, 3, 2], { noise: 0.2, seed: 4 });
    expect(Array.from(b)).toEqual(Array.from(noisyLinearImpute(x, [0, 1, 0], [1, 3, 2], { noise: 0.2, seed: 4 })));
    expect([b[0], b[1], b[4], b[5]]).toEqual([0, 10, 2, 20]);
    expect(b[2]).not.toBe(1);
  });
});
