import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../shared/project/fixtures';
import { markerNames, markerText, MAX_MARKER_BYTES, namesOnScreen } from './autosave-marker';

describe('autosave marker', () => {
  it("names the single view's model and image", () => {
    expect(namesOnScreen(sampleSnapshot())).toEqual({ model: 'digits', image: 'digit-7.png' });
    const p = sampleSnapshot();
    p.single.image = 1;
    expect(namesOnScreen(p)).toEqual({ model: 'digits', image: 'upload.png' });
  });

  it("falls back to the grid's first row when the single view is empty, and to null without either", () => {
    const p = sampleSnapshot();
    p.single.model = null;
    p.single.image = null;
    p.compare!.rows = [{ id: 'r2', model: 0, image: 1 }, ...p.compare!.rows];
    expect(namesOnScreen(p)).toEqual({ model: 'digits', image: 'upload.png' });
    p.compare = null;
    expect(namesOnScreen(p)).toEqual({ model: null, image: null });
  });

  it('writes one JSON line that reads back to the same names', () => {
    const text = markerText(sampleSnapshot(), '2025-01-01T00:00:00.000Z', 4242);
    expect(text).toBe('{"savedAt":"2025-01-01T00:00:00.000Z","pid":4242,"model":"digits","image":"digit-7.png"}\n');
    expect(markerNames(text)).toEqual({ model: 'digits', image: 'digit-7.png' });
  });

  it('clips a long name to 200 characters, and stays far below the read bound', () => {
    const p = sampleSnapshot();
    p.models[0].name = 'm'.repeat(500);
    p.images[0].name = 'i'.repeat(500);
    const text = markerText(p, '2025-01-01T00:00:00.000Z', 1);
    const names = markerNames(text);
    expect([names.model?.length, names.model?.endsWith('m…'), names.image?.length]).toEqual([200, true, 200]);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_MARKER_BYTES);
  });

  it('reads anything else as unknown names, never throws', () => {
    for (const t of ['', 'not json', 'null', '[1,2]', '{"model":3,"image":""}', '{"savedAt":"x","pid":1}']) {
      expect([t, markerNames(t)]).toEqual([t, { model: null, image: null }]);
    }
  });
});
