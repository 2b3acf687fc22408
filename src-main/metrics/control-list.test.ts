import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../explainers/registry';
import { CONTROL_LIST } from './control-list';

describe('control list', () => {
  it("names the registry's controls, in the same order, with their labels", () => {
    expect(CONTROL_LIST.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    for (const [k, c] of CONTROL_LIST.entries()) expect(CONTROLS[k].label).toBe(`${c.label} (control)`);
  });
});
