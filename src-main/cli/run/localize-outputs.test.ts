import { describe, expect, it } from 'vitest';
import { type LocalizeEntry, localizeOutputText } from './localize-outputs';

const entry = (id: string, cut: [number, number, boolean], thr: [number, number, boolean]): LocalizeEntry => ({
  id,
  results: [
    { method: 'saliency', segmenter: 'graphcut', iou: cut[0], boxIou: cut[1], pointing: cut[2] },
    { method: 'saliency', segmenter: 'threshold', iou: thr[0], boxIou: thr[1], pointing: thr[2] },
  ],
});
const meta = { model: 'm.json', manifest: 'manifest.json', methods: ['saliency', 'gradcam'], segmenters: ['graphcut' as const, 'threshold' as const] };

describe('localize --manifest outputs from rows', () => {
  it('sorts by file, full-precision CSV, rows as the engine aggregates them; the same bytes whatever the entry order', () => {
    const es = [entry('b.png', [0.25, 0.5, false], [0.1, 0.2, true]), entry('a,1.png', [0.75, 1, true], [0.3, 0, true]), { id: 'c.png', results: [] }];
    const { rows, csv, summary } = localizeOutputText(es, meta);
    expect(csv).toBe(
      [
        'file,method,segmenter,iou,box_iou,pointing',
        '"a,1.png",saliency,graphcut,0.75,1,1',
        '"a,1.png",saliency,threshold,0.3,0,1',
        'b.png,saliency,graphcut,0.25,0.5,0',
        'b.png,saliency,threshold,0.1,0.2,1',
        '',
      ].join('\n'),
    );
    // graphcut: IoU (0.75+0.25)/2 = 0.5, box (1+0.5)/2 = 0.75, 1 hit of 2; threshold: IoU (0.3+0.1)/2 = 0.2, box 0.1, 2 of 2.
    expect(rows[0]).toEqual({ method: 'saliency', segmenter: 'graphcut', n: 2, meanIou: 0.5, meanBoxIou: 0.75, pointingHits: 1, pointingRate: 0.5 });
    expect(rows[1].meanIou).toBeCloseTo(0.2, 12);
    expect(rows[1]).toMatchObject({ n: 2, meanBoxIou: 0.1, pointingHits: 2, pointingRate: 1 });
    // A method with no scores: n 0, NaN means (null in the JSON file).
    expect(rows.slice(2).map((r) => [r.method, r.n])).toEqual([
      ['gradcam', 0],
      ['gradcam', 0],
    ]);
    expect(summary).toMatchObject({ samples: 3, methods: ['saliency', 'gradcam'] });
    expect(localizeOutputText([es[2], es[0], es[1]], meta)).toEqual({ rows, csv, summary });
  });
});
