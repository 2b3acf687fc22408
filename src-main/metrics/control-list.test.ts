import { describe, expect, it } from 'vitest';
import { CONTROL_LIST } from './control-list';
import { CONTROLS } from './controls';

describe('control list', () => {
  it('names the same controls, in the same order, as controls.ts', () => {
    expect(CONTROL_LIST.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
  });
});
