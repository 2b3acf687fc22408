// bim's outputs from hand-made rows: the CSV by hand (times empty), the JSON
// without times or paths, the same bytes from the rows in any order or split
// (as merge reads shards), NaN stored as null read back as NaN, TCAV and the
// marker accuracies from the whole-run row.
import { describe, expect, it } from 'vitest';
import type { BimTcav } from '../../api/bim-types';
import { type BimEntry, type BimMeta, bimOutputText, pairId, WHOLE_RUN_ID } from './bim-outputs';

const all = { object: true, scene: true, sceneWithoutObject: true };
const tcav: BimTcav = {
  layer: 'conv4',
  concepts: [{ concept: 'disc', object: 1, scene: 0.25, objectSignificant: true, sceneSignificantClasses: 1 }],
  mcs: 0.75,
};
// As rows.jsonl holds them: JSON lines, NaN as null (pair-002's gObject of gradcam).
const rows = (): BimEntry[] =>
  [
    { id: pairId(0), index: 0, correct: all, outputChange: 0.05, methods: { saliency: { gObject: 0.6, gScene: 0.2, gWithout: 0.4 } } },
    { id: pairId(1), index: 1, correct: { ...all, scene: false }, outputChange: 0.3, methods: null },
    { id: pairId(2), index: 2, correct: all, outputChange: 0, methods: { saliency: { gObject: 0.3, gScene: 0.1, gWithout: 0.1 } } },
    { id: WHOLE_RUN_ID, tcav },
  ].map((r) => JSON.parse(JSON.stringify(r)) as BimEntry);
const meta: BimMeta = { backend: 'wasm', variant: 'objects', methods: ['saliency'], t: 0.1, boxFraction: 0 };

describe('bim outputs', () => {
  it('objects: CSV by hand with the ms column empty; JSON without ms, paths or per-sample values', () => {
    const { csv, json } = bimOutputText(rows(), meta);
    // MCS (0.4 + 0.2)/2 = 0.3; IDR 1/2 (pair 0: 0.2 < 0.4); IIR over pairs 0, 2: 0.5 fails, 0 passes → 0.5 of 2; g_object 0.45, g_scene 0.15.
    expect(csv).toBe(
      [
        'method,mcs,idr,iir,iir_pairs,g_object,g_scene,ms',
        'saliency,0.300000,0.500000,0.500000,2,0.450000,0.150000,',
        'tcav,0.750000,,,,,,',
        'tcav:disc,0.750000,,,,1.000000,0.250000,',
        '',
      ].join('\n'),
    );
    const j = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['backend', 'variant', 'images', 'used', 'accuracy', 't', 'rows', 'tcav']);
    expect(j).toMatchObject({ backend: 'wasm', images: 3, used: 2, accuracy: { object: 1, scene: 2 / 3, sceneWithoutObject: 1 }, t: 0.1, tcav });
    expect(Object.keys((j.rows as object[])[0])).toEqual(['method', 'mcs', 'idr', 'iir', 'iirPairs', 'gObject', 'gScene']);
  });

  it('the rows in any order, or as two shards read them, give the same bytes', () => {
    const whole = bimOutputText(rows(), meta);
    const r = rows();
    const merged = bimOutputText([r[2], r[3], r[0], r[1]], meta);
    expect(merged.csv).toBe(whole.csv);
    expect(merged.json).toBe(whole.json);
  });

  it('a null read back (NaN stored) stays NaN: the mean is NaN and the CSV cell empty', () => {
    const r = rows();
    (r[2] as { methods: Record<string, { gObject: number | null }> }).methods.saliency.gObject = null;
    const { result, csv } = bimOutputText(r, meta);
    expect(result.variant === 'objects' && result.rows[0].gObject).toBeNaN();
    expect(csv.split('\n')[1]).toBe('saliency,,0.500000,0.500000,2,,0.150000,');
  });

  it('chest-marker: shares by hand; without the whole-run row (another shard has it) the accuracies are null', () => {
    const m: BimMeta = { backend: 'wasm', variant: 'chest-marker', methods: ['saliency'], t: 0, boxFraction: 0.25 };
    const images: BimEntry[] = [
      { id: pairId(0), index: 0, methods: { saliency: { shareShortcut: 0.2, shareClean: 0.05 } } },
      { id: pairId(1), index: 1, methods: { saliency: { shareShortcut: 0.1, shareClean: 0.05 } } },
    ];
    const { csv, json } = bimOutputText(images, m);
    // (0.2 + 0.1)/2 = 0.15 over (0.05 + 0.05)/2 = 0.05: ratio 3.
    expect(csv).toBe('method,share_shortcut,share_clean,ratio,reveals,ms\nsaliency,0.150000,0.050000,3.0000,true,\n');
    expect(JSON.parse(json)).toMatchObject({ images: 2, boxFraction: 0.25, accuracy: { shortcut: { independent: null, reversed: null } } });
    const accuracy = { shortcut: { independent: 0.5, reversed: 0 }, clean: { independent: 1, reversed: 0.9 } };
    expect(JSON.parse(bimOutputText([...images, { id: WHOLE_RUN_ID, accuracy }], m).json)).toMatchObject({ accuracy });
  });
});
