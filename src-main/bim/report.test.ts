// The BIM report formats on hand-made results: the CSV has one row per method
// with the numbers at 6 decimals, TCAV's MCS and its per-concept scores; the
// JSON turns the non-finite numbers JSON cannot hold into null.
import { describe, expect, it } from 'vitest';
import type { BimObjectsResult, ChestMarkerResult } from '../api/bim-types';
import { bimCsv, bimJson, bimTable } from './report';

const objects: BimObjectsResult = {
  variant: 'objects',
  images: 10,
  used: 8,
  accuracy: { object: 0.9, scene: 1, sceneWithoutObject: 0.9 },
  t: 0.1,
  rows: [
    { method: 'saliency', mcs: 0.25, idr: 0.125, iir: 0.5, iirPairs: 4, gObject: 0.5, gScene: 0.25, ms: 1234.4 },
    { method: 'gradcam', mcs: -0.1, idr: 0.75, iir: NaN, iirPairs: 0, gObject: 0.2, gScene: 0.3, ms: 10.6 },
  ],
  tcav: {
    layer: 'conv4',
    concepts: [
      { concept: 'disc', object: 1, scene: 0.2, objectSignificant: true, sceneSignificantClasses: 1 },
      { concept: 'square', object: 0.6, scene: 0, objectSignificant: true, sceneSignificantClasses: 0 },
    ],
    mcs: 0.7,
  },
  ms: 5000,
};

const marker: ChestMarkerResult = {
  variant: 'chest-marker',
  images: 6,
  accuracy: { shortcut: { independent: 0.75, reversed: 0.05 }, clean: { independent: 0.9, reversed: 0.92 } },
  boxFraction: (14 * 18) / (96 * 96),
  rows: [
    { method: 'saliency', shareShortcut: 0.12, shareClean: 0.02, ratio: 6, reveals: true, ms: 99.5 },
    { method: 'rise', shareShortcut: 0.01, shareClean: 0, ratio: Infinity, reveals: true, ms: 7 },
    { method: 'gradcam', shareShortcut: 0, shareClean: 0, ratio: NaN, reveals: false, ms: 3 },
  ],
  ms: 800,
};

describe('BIM report', () => {
  it('objects CSV: header, a row per method (6 decimals, NaN empty, ms rounded), TCAV MCS and one row per concept', () => {
    const lines = bimCsv(objects).trimEnd().split('\n');
    expect(lines).toEqual([
      'method,mcs,idr,iir,iir_pairs,g_object,g_scene,ms',
      'saliency,0.250000,0.125000,0.500000,4,0.500000,0.250000,1234',
      'gradcam,-0.100000,0.750000,,0,0.200000,0.300000,11',
      'tcav,0.700000,,,,,,',
      // per concept: mcs column = object − scene (1 − 0.2, 0.6 − 0), the two scores in g_object / g_scene
      'tcav:disc,0.800000,,,,1.000000,0.200000,',
      'tcav:square,0.600000,,,,0.600000,0.000000,',
    ]);
    // Every line has the header's 8 columns.
    for (const l of lines) expect(l.split(',')).toHaveLength(8);
  });

  it('chest-marker CSV: share per model, ratio at 4 decimals, an infinite ratio as inf and an undefined one empty', () => {
    expect(bimCsv(marker)).toBe(
      [
        'method,share_shortcut,share_clean,ratio,reveals,ms',
        'saliency,0.120000,0.020000,6.0000,true,100',
        'rise,0.010000,0.000000,inf,true,7',
        'gradcam,0.000000,0.000000,,false,3',
        '',
      ].join('\n'),
    );
  });

  it('JSON keeps the numbers and writes NaN / Infinity as null', () => {
    const o = JSON.parse(bimJson(objects)) as BimObjectsResult;
    expect(o.rows[0]).toEqual({ method: 'saliency', mcs: 0.25, idr: 0.125, iir: 0.5, iirPairs: 4, gObject: 0.5, gScene: 0.25, ms: 1234.4 });
    expect(o.rows[1].iir).toBeNull();
    expect(o.tcav?.concepts.map((c) => c.concept)).toEqual(['disc', 'square']);
    const m = JSON.parse(bimJson(marker, 2)) as ChestMarkerResult;
    expect(m.rows.map((r) => r.ratio)).toEqual([6, null, null]);
    expect(m.boxFraction).toBeCloseTo(252 / 9216, 12);
    expect(bimJson(marker, 2).split('\n').length).toBeGreaterThan(10); // indented
  });

  it('tables: the summary line carries the accuracies and the box size; one line per method', () => {
    const t = bimTable(objects).split('\n');
    expect(t[0]).toBe('BIM objects: 8/10 images correctly classified by both models (object 90.0%, scene 100.0%); IIR t = 0.1');
    expect(t[2]).toMatch(/^saliency\s+0\.250\s+0\.125\s+0\.500\s+4$/);
    expect(t[3]).toMatch(/^gradcam\s+-0\.100\s+0\.750\s+0$/);
    expect(t[4]).toContain('disc 1.00 − 0.20, square 0.60 − 0.00');
    const m = bimTable(marker).split('\n');
    expect(m[0]).toContain('shortcut 75.0%/5.0%, clean 90.0%/92.0%; box = 2.73% of the image');
    expect(m[2]).toMatch(/^saliency\s+0\.120\s+0\.020\s+6\.00\s+yes$/);
    expect(m[3]).toMatch(/^rise\s+0\.010\s+0\.000\s+inf\s+yes$/);
  });
});
