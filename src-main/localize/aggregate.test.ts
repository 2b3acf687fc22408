import { describe, expect, it } from 'vitest';
import { localizeRows, type LocalizeSampleScore } from './aggregate';

const s = (method: string, segmenter: 'graphcut' | 'threshold', iou: number, boxIou: number, pointing: boolean): LocalizeSampleScore => ({
  method,
  segmenter,
  iou,
  boxIou,
  pointing,
});

describe('localizeRows', () => {
  it('means and pointing hits per (method, segmenter), method-major; an empty pair is n 0 with NaN', () => {
    const samples = [
      s('saliency', 'graphcut', 0.5, 0.25, true),
      s('saliency', 'threshold', 0.1, 0, false),
      s('saliency', 'graphcut', 0.2, 0.75, false),
      s('saliency', 'graphcut', 0.8, 0.5, true),
      s('gradcam', 'graphcut', 1, 1, true),
      s('other', 'graphcut', 0.3, 0.3, true),
    ];
    const rows = localizeRows(samples, ['saliency', 'gradcam'], ['graphcut', 'threshold']);
    expect(rows.map((r) => `${r.method}/${r.segmenter}`)).toEqual(['saliency/graphcut', 'saliency/threshold', 'gradcam/graphcut', 'gradcam/threshold']);
    // saliency/graphcut: IoU (0.5+0.2+0.8)/3 = 0.5; box IoU (0.25+0.75+0.5)/3 = 0.5; 2 of 3 hits.
    expect(rows[0]).toMatchObject({ n: 3, pointingHits: 2 });
    expect(rows[0].meanIou).toBeCloseTo(0.5, 12);
    expect(rows[0].meanBoxIou).toBeCloseTo(0.5, 12);
    expect(rows[0].pointingRate).toBeCloseTo(2 / 3, 12);
    expect(rows[1]).toEqual({ method: 'saliency', segmenter: 'threshold', n: 1, meanIou: 0.1, meanBoxIou: 0, pointingHits: 0, pointingRate: 0 });
    expect(rows[2]).toEqual({ method: 'gradcam', segmenter: 'graphcut', n: 1, meanIou: 1, meanBoxIou: 1, pointingHits: 1, pointingRate: 1 });
    expect(rows[3]).toEqual({ method: 'gradcam', segmenter: 'threshold', n: 0, meanIou: NaN, meanBoxIou: NaN, pointingHits: 0, pointingRate: NaN });
  });
});
