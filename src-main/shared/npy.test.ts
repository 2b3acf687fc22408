import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy';

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

describe('.npy writer', () => {
  it('writes the exact NumPy 1.0 header for float32 (2, 3)', () => {
    const bytes = encodeNpy(new Float32Array(6), [2, 3]);
    // np.save(np.zeros((2,3), np.float32)) starts "\x93NUMPY\x01\x00v\x00{'descr'…": header length 0x76 = 118.
    expect(Array.from(bytes.subarray(0, 10))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0x76, 0]);
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    expect(latin1(bytes.subarray(10, 128))).toBe(dict + ' '.repeat(118 - dict.length - 1) + '\n');
    expect(bytes.length).toBe(128 + 6 * 4);
  });

  it.each([[[5]], [[224, 224]], [[1, 3, 7, 7]], [[]]])('header for shape %j is 64-byte aligned and ends in \\n', (shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const bytes = encodeNpy(new Float32Array(n), shape);
    const headerLen = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
    const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    expect(latin1(bytes.subarray(10, 10 + headerLen))).toContain(`'shape': ${tuple}, }`);
  });

  it('round-trips values bit-exactly, little-endian', () => {
    const data = Float32Array.from([0, -0, 1.5, -2.25, 3.4028234663852886e38, 1e-45, Infinity, -Infinity, NaN, Math.PI, -1e-7, 42]);
    const bytes = encodeNpy(data, [3, 4]);
    expect(Array.from(bytes.subarray(128 + 8, 128 + 12))).toEqual([0, 0, 0xc0, 0x3f]); // 1.5f little-endian
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([3, 4]);
    expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(data.buffer));
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, data has 5/);
  });

  it('decodeNpy refuses other dtypes', () => {
    const bytes = encodeNpy(new Float32Array(1), [1]);
    bytes.set(
      Array.from('<f8', (c) => c.charCodeAt(0)),
      10 + "{'descr': '".length,
    );
    expect(() => decodeNpy(bytes)).toThrow(/float32/);
  });
});
