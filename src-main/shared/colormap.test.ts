import { describe, expect, it } from 'vitest';
import { colorize, COLORMAPS, lutBytes, lutColor, normalizeMap, percentile } from './colormap';

const close = (got: number[], want: number[], digits = 6) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));

describe('colormap LUTs match matplotlib', () => {
  it('viridis rows 0, 128 and 255 (_cm_listed._viridis_data)', () => {
    close(lutColor('viridis', 0), [0.267004, 0.004874, 0.329415]);
    close(lutColor('viridis', 0.5), [0.127568, 0.566949, 0.550556]);
    close(lutColor('viridis', 1), [0.993248, 0.906157, 0.143936]);
    close(lutColor('viridis', 64 / 256), [0.229739, 0.322361, 0.545706]); // row 64
  });

  it('inferno rows 0 and 255 (_cm_listed._inferno_data)', () => {
    close(lutColor('inferno', 0), [0.001462, 0.000466, 0.013866]);
    close(lutColor('inferno', 1), [0.988362, 0.998364, 0.644924]);
    close(lutColor('inferno', 0.5), [0.735683, 0.215906, 0.330245]); // row 128
  });

  it('indexes like matplotlib: floor(t*256), clipped', () => {
    expect(lutColor('viridis', 0.999)).toEqual(lutColor('viridis', 1));
    expect(lutColor('viridis', 2)).toEqual(lutColor('viridis', 1));
    expect(lutColor('viridis', -1)).toEqual(lutColor('viridis', 0));
    expect(lutColor('viridis', 1 / 256)).not.toEqual(lutColor('viridis', 0.5 / 256));
  });

  it('jet from its segment data', () => {
    close(lutColor('jet', 0), [0, 0, 0.5]);
    close(lutColor('jet', 1), [0.5, 0, 0]);
    // Row 128 -> x = 128/255: red ramps 0.35..0.66, green is 1 on 0.375..0.64, blue falls 0.34..0.65.
    const x = 128 / 255;
    close(lutColor('jet', 0.5), [(x - 0.35) / 0.31, 1, 1 - (x - 0.34) / 0.31]);
    close(lutColor('jet', 0.25), [0, (64 / 255 - 0.125) / 0.25, 1]); // row 64
  });

  it('gray is linear and diverging (matplotlib RdBu_r) is ColorBrewer blue -> white -> red', () => {
    const g = lutBytes('gray');
    for (let i = 0; i < 256; i++) expect([g[3 * i], g[3 * i + 1], g[3 * i + 2]]).toEqual([i, i, i]);
    const rdbu = lutBytes('diverging');
    expect(Array.from(rdbu.subarray(0, 3))).toEqual([5, 48, 97]);
    expect(Array.from(rdbu.subarray(765))).toEqual([103, 0, 31]);
    const mid = lutColor('diverging', 0.5).map((v) => v * 255);
    mid.forEach((v) => expect(Math.abs(v - 247)).toBeLessThan(2));
  });

  it('turbo rows 0, 64, 128, 192 and 255 (_cm_listed._turbo_data)', () => {
    close(lutColor('turbo', 0), [0.18995, 0.07176, 0.23217], 4);
    close(lutColor('turbo', 0.25), [0.15844, 0.73551, 0.92305], 4);
    close(lutColor('turbo', 0.5), [0.64362, 0.98999, 0.23356], 4);
    close(lutColor('turbo', 0.75), [0.9836, 0.49291, 0.12849], 4);
    close(lutColor('turbo', 1), [0.4796, 0.01583, 0.01055], 4);
  });

  it('cmap(x) as matplotlib prints it, one value per map (RGBA without the alpha)', () => {
    // Values from matplotlib 3.x: e.g. `matplotlib.colormaps['jet'](0.5)`.
    const want: [Parameters<typeof lutColor>[0], number, number[]][] = [
      ['viridis', 0.5, [0.127568, 0.566949, 0.550556]],
      ['inferno', 1.0, [0.988362, 0.998364, 0.644924]],
      ['jet', 0.25, [0.0, 0.503921568627451, 1.0]],
      ['jet', 0.5, [0.49019607843137253, 1.0, 0.4775458570524984]],
      ['diverging', 0, [0.0196078431372549, 0.18823529411764706, 0.3803921568627451]],
      ['diverging', 0.5, [0.9690888119953864, 0.9664744329104191, 0.9649365628604383]],
      ['gray', 0.5, [0.5019607843137255, 0.5019607843137255, 0.5019607843137255]],
      ['turbo', 0.5, [0.64362, 0.98999, 0.23356]],
    ];
    for (const [name, x, rgb] of want) close(lutColor(name, x), rgb, 3);
  });

  it('every LUT has 256 entries in 0..1', () => {
    for (const name of COLORMAPS) {
      const lut = lutBytes(name);
      expect(lut.length).toBe(768);
    }
    expect(() => lutBytes('nope' as never)).toThrow(/unknown colormap/);
  });
});

describe('percentile (NumPy linear method)', () => {
  it('matches np.percentile', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 100], 90)).toBeCloseTo(61.6, 10);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([5, NaN, 1], 50)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('normalizeMap and colorize', () => {
  const map = Float32Array.from([-4, -1, 0, 1, 2, 8]);

  it('abs: |v| over 0..max', () => {
    const { t, lo, hi } = normalizeMap(map, { mode: 'abs' });
    expect([lo, hi]).toEqual([0, 8]);
    expect(Array.from(t)).toEqual([0.5, 0.125, 0, 0.125, 0.25, 1]);
  });

  it('signed: symmetric around zero, zero maps to the middle', () => {
    const { t, lo, hi } = normalizeMap(map, { mode: 'signed' });
    expect([lo, hi]).toEqual([-8, 8]);
    expect(t[2]).toBe(0.5);
    expect(t[0]).toBe(0.25);
  });

  it('raw: min..max; explicit min/max override', () => {
    expect(normalizeMap(map, { mode: 'raw' })).toMatchObject({ lo: -4, hi: 8 });
    const { t, lo, hi } = normalizeMap(map, { mode: 'raw', min: 0, max: 2 });
    expect([lo, hi]).toEqual([0, 2]);
    expect(Array.from(t)).toEqual([0, 0, 0, 0.5, 1, 1]);
  });

  it('clipPercentile saturates outliers', () => {
    const spiky = Float32Array.from({ length: 101 }, (_, i) => (i === 100 ? 1000 : i));
    const { hi, t } = normalizeMap(spiky, { mode: 'abs', clipPercentile: 99 });
    expect(hi).toBeCloseTo(99, 6);
    expect(t[100]).toBe(1);
    expect(t[99]).toBe(1);
    expect(t[50]).toBeCloseTo(50 / 99, 6);
  });

  it('flat and NaN maps do not divide by zero', () => {
    expect(Array.from(normalizeMap(new Float32Array(3), { mode: 'signed' }).t)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(normalizeMap(Float32Array.of(2, 2), { mode: 'raw' }).t)).toEqual([0, 0]);
    expect(Array.from(normalizeMap(Float32Array.of(NaN, 1), { mode: 'abs' }).t)).toEqual([0, 1]);
  });

  it('colorize gives opaque RGBA from the byte LUT', () => {
    const { rgba, lo, hi } = colorize(Float32Array.of(0, 0.5, 1), { colormap: 'viridis', mode: 'raw' });
    expect([lo, hi]).toEqual([0, 1]);
    expect(rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(rgba)).toEqual([68, 1, 84, 255, 33, 145, 140, 255, 253, 231, 37, 255]);
  });
});
