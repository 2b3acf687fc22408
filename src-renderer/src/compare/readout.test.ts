import { describe, expect, it } from 'vitest';
import { readoutText } from './readout';

describe('cell read-out', () => {
  it('labels the position, the channels and the attribution', () => {
    expect(readoutText({ x: 163, y: 92, values: [97, 67, 29] }, 0.2428)).toBe('x 163, y 92 · R 97 G 67 B 29 · attribution 0.2428');
    expect(readoutText({ x: 3, y: 4, values: [1024] }, null)).toBe('x 3, y 4 · value 1024');
    expect(readoutText({ x: 0, y: 0, values: [0.5] }, -1.5e-5)).toBe('x 0, y 0 · value 0.5 · attribution -1.50e-5');
  });
});
