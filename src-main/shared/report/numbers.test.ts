import { describe, expect, it } from 'vitest';
import { csvNumber, shortNumber } from './numbers';

describe('numbers in outputs', () => {
  it('CSV: 7 significant digits, tiny values kept, empty for missing or non-finite', () => {
    expect(csvNumber(84.8290123456)).toBe('84.82901');
    expect(csvNumber(1.234567891e-8)).toBe('1.234568e-8');
    expect(csvNumber(0.5)).toBe('0.5');
    expect(csvNumber(-0.0495)).toBe('-0.0495');
    expect([csvNumber(null), csvNumber(undefined), csvNumber(NaN), csvNumber(Infinity)]).toEqual(['', '', '', '']);
  });

  it('short: fixed decimals, switching to 3 significant digits only below the last decimal', () => {
    expect(shortNumber(0.30912)).toBe('0.309');
    expect(shortNumber(0)).toBe('0.000');
    expect(shortNumber(0.0004)).toBe('0.000400');
    expect(shortNumber(3.2e-8)).toBe('3.20e-8');
    expect(shortNumber(-0.0004)).toBe('-0.000400');
    expect(shortNumber(-0.0006)).toBe('-0.001');
    expect(shortNumber(0.0005)).toBe('0.001');
  });
});
