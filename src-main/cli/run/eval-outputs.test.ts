import { describe, expect, it } from 'vitest';
import type { ImageCurves } from '../../api/evaluate-types';
import { type EvalEntry, evaluationOutputs } from './eval-outputs';

const curve = (p: number[]): { fraction: number[]; probability: number[]; auc: number } => ({ fraction: [0, 0.5, 1], probability: p, auc: 0 });
const entry = (id: string, del: number, probs: number[]): EvalEntry => ({
  id,
  rows: [{ image: id, method: 'g', target: 1, label: 'one', values: { deletion: del, iou: null } }],
  curves: { image: id, target: 1, methods: { g: { deletion: curve(probs) } } } as ImageCurves,
});
const meta = { model: 'm.json', name: 'm', backend: 'cpu', methods: ['g'], metrics: ['deletion', 'iou'], options: { steps: 2 } };

describe('evaluation outputs from rows', () => {
  it('sorts by id, means ± sample std from the rows, mean curves; the same bytes whatever the entry order', () => {
    const es = [entry('b.png', 0.3, [1, 0.4, 0]), entry('a.png', 0.1, [1, 0.2, 0.1]), entry('c.png', 0.2, [1, 0.6, 0.2])];
    const { result, text } = evaluationOutputs(es, meta, false);
    expect(result.images).toEqual(['a.png', 'b.png', 'c.png']);
    // mean (0.1+0.3+0.2)/3 = 0.2; std √(((−0.1)²+0.1²+0²)/2) = 0.1.
    expect(result.summary.g.deletion.mean).toBeCloseTo(0.2, 12);
    expect(result.summary.g.deletion.std).toBeCloseTo(0.1, 12);
    expect(result.summary.g.iou).toEqual({ mean: null, std: null, n: 0 });
    // Curve means: (0.2+0.4+0.6)/3 = 0.4, (0.1+0+0.2)/3 = 0.1.
    expect(result.curves.g.deletion![1]).toBeCloseTo(0.4, 12);
    expect(result.curves.g.deletion![2]).toBeCloseTo(0.1, 12);
    expect(text.csv).toBe('image,method,target,label,deletion,iou\na.png,g,1,"one",0.1,\nb.png,g,1,"one",0.3,\nc.png,g,1,"one",0.2,\n');
    expect(evaluationOutputs([es[2], es[0], es[1]], meta, false).text).toEqual(text);
    expect(text.summary).not.toMatch(/seconds|files/);
  });
});
