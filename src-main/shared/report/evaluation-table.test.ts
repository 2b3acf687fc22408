import { describe, expect, it } from 'vitest';
import type { EvaluateResult } from '../../api/evaluate-types';
import { controlMethods } from '../../explainers/controls';
import { CONTROL_IDS, summaryTable } from './evaluation-table';

const st = (mean: number | null) => ({ mean, std: 0, n: 2 });

describe('best of each column', () => {
  it("follows each metric's direction among real methods: lowest deletion and Average Drop, highest insertion and ADCC", () => {
    const r: Pick<EvaluateResult, 'methods' | 'metrics' | 'summary'> = {
      methods: ['gradcam', 'saliency', 'random-map', 'fake-cam', 'sobel'],
      metrics: ['deletion', 'insertion', 'average-drop', 'adcc'],
      summary: {
        gradcam: { deletion: st(0.2), insertion: st(0.6), 'average-drop': st(40), adcc: st(0.5) },
        saliency: { deletion: st(0.1), insertion: st(0.7), 'average-drop': st(60), adcc: st(0.3) },
        // Each control "beats" both methods somewhere: none of those cells is marked.
        'random-map': { deletion: st(0.01), insertion: st(0.9), 'average-drop': st(99), adcc: st(0.1) },
        'fake-cam': { deletion: st(0.5), insertion: st(0.2), 'average-drop': st(0), adcc: st(0.9) },
        sobel: { deletion: st(0.05), insertion: st(0.95), 'average-drop': st(1), adcc: st(0.95) },
      },
    };
    const t = summaryTable(r);
    const best = Object.fromEntries(t.rows.map((row) => [row.method, row.cells.map((c) => c.best)]));
    expect(best).toEqual({
      gradcam: [false, false, true, true],
      saliency: [true, true, false, false],
      'random-map': [false, false, false, false],
      'fake-cam': [false, false, false, false],
      sobel: [false, false, false, false],
    });
    expect(t.rows.filter((row) => row.control).map((row) => row.method)).toEqual(['random-map', 'fake-cam', 'sobel']);
  });

  it('with only controls in the table, no cell is best', () => {
    const t = summaryTable({ methods: ['fake-cam'], metrics: ['average-drop'], summary: { 'fake-cam': { 'average-drop': st(0) } } });
    expect(t.rows[0].cells[0].best).toBe(false);
  });

  it("CONTROL_IDS is the registry's list of controls", () => {
    expect([...CONTROL_IDS].sort()).toEqual(controlMethods.map((m) => m.id).sort());
    expect(controlMethods.every((m) => m.family === 'control')).toBe(true);
  });
});
