// The flag parsers: only what the CLI must check (a number that does not
// parse); ranges and allowed values are the operations' (api/spec.ts).
import { describe, expect, it } from 'vitest';
import { parseList, parseNumber, parsePreprocess, parseTarget } from './common';

describe('CLI flag parsing', () => {
  it('parseTarget: "top" by default, a number as given, anything else refused naming the flag', () => {
    expect(parseTarget(undefined)).toBe('top');
    expect(parseTarget('top')).toBe('top');
    expect(parseTarget('7')).toBe(7);
    // Not an integer: a number all the same, refused by the request's rules (target "must be "top" or a class index").
    expect(parseTarget('1.5')).toBe(1.5);
    for (const v of ['abc', '', ' ', '3x', 'NaN', 'Infinity']) expect(() => parseTarget(v)).toThrow(`--target must be "top" or a class index, got "${v}"`);
  });

  it('parseNumber refuses what does not parse, and leaves ranges alone', () => {
    expect(parseNumber('-4', '--seed', 'an integer')).toBe(-4);
    expect(() => parseNumber('ten', '--epochs', 'an integer')).toThrow('--epochs must be an integer, got "ten"');
  });

  it('parseList and parsePreprocess pass values on for the operation to check', () => {
    expect(parseList(' a, ,b ,')).toEqual(['a', 'b']);
    expect(parsePreprocess('bogus')).toEqual({ preset: 'bogus' });
    expect(parsePreprocess(undefined)).toBeUndefined();
  });
});
