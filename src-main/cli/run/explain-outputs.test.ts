// explain --images' writer on hand-made rows: the CSV text exactly, the JSON
// sorted by id whatever the rows' order, the maps copied from each row's shard.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExplainEntry, explainOutputs, explanationsText, insideOut } from './explain-outputs';

const meta = { model: 'm/model.json', name: 'digits', backend: 'cpu', methods: ['saliency', 'gradcam'] };
const row = (id: string, stem: string, index: number, logit: number, p: number): ExplainEntry => ({
  id,
  target: { index, label: String(index), logit, probability: p },
  methods: meta.methods.map((m, i) => ({ id: m, npy: `maps/${stem}.${m}.npy`, png: `maps/${stem}.${m}.png`, shape: [2, 2], min: -i / 3, max: 1 + 1 / 7 })),
});
const a = row('a.png', 'a', 3, 12.3456789, 0.99999949);
const b = row('b,c.png', 'b,c', 7, -0.1234564, 1 / 3);

describe('explain outputs', () => {
  it('CSV: one line per image × method, sorted by id, numbers to 7 significant digits, a comma in a name quoted', () => {
    const { csv, rows } = explanationsText([b, a], meta);
    expect(rows.map((r) => r.id)).toEqual(['a.png', 'b,c.png']);
    expect(csv).toBe(
      [
        'image,method,target,label,logit,probability,min,max,npy,png',
        'a.png,saliency,3,"3",12.34568,0.9999995,0,1.142857,maps/a.saliency.npy,maps/a.saliency.png',
        'a.png,gradcam,3,"3",12.34568,0.9999995,-0.3333333,1.142857,maps/a.gradcam.npy,maps/a.gradcam.png',
        '"b,c.png",saliency,7,"7",-0.1234564,0.3333333,0,1.142857,"maps/b,c.saliency.npy","maps/b,c.saliency.png"',
        '"b,c.png",gradcam,7,"7",-0.1234564,0.3333333,-0.3333333,1.142857,"maps/b,c.gradcam.npy","maps/b,c.gradcam.png"',
        '',
      ].join('\n'),
    );
  });

  it('trust values become trust.<key> columns; NaN is an empty cell in the CSV and null in the JSON', () => {
    const t = structuredClone(a);
    t.methods = [
      {
        ...t.methods[0],
        trust: {
          values: { sparseness: 0.5, maxSensitivity: NaN, avgSensitivity: 0.25, radius: 0.02, samples: 10, randomLogitSsim: 0.2, otherClass: 1 },
          lines: [],
        },
      },
    ];
    const { csv, json } = explanationsText([t], { ...meta, methods: ['saliency'] });
    const [head, line] = csv.split('\n');
    expect(head.split(',').slice(10)).toEqual([
      'trust.sparseness',
      'trust.maxSensitivity',
      'trust.avgSensitivity',
      'trust.radius',
      'trust.samples',
      'trust.randomLogitSsim',
      'trust.otherClass',
    ]);
    expect(line.split(',').slice(10)).toEqual(['0.5', '', '0.25', '0.02', '10', '0.2', '1']);
    expect((JSON.parse(json) as { rows: ExplainEntry[] }).rows[0].methods[0].trust!.values.maxSensitivity).toBeNull();
  });

  it('with `from`, each row’s maps are copied from its shard folder; the files are the same text as without', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-explain-out-'));
    const shards = [join(root, 's0'), join(root, 's1')];
    for (const [k, r] of [a, b].entries())
      for (const m of r.methods)
        for (const f of [m.npy, m.png]) {
          mkdirSync(join(shards[k], 'maps'), { recursive: true });
          writeFileSync(join(shards[k], f), `${k}:${f}`);
        }
    const merged = join(root, 'merged');
    const w = await explainOutputs.write([b, a], meta, merged, {
      from: new Map([
        [a.id, shards[0]],
        [b.id, shards[1]],
      ]),
    });
    expect(readFileSync(join(merged, 'maps', 'a.gradcam.png'), 'utf8')).toBe('0:maps/a.gradcam.png');
    expect(readFileSync(join(merged, 'maps', 'b,c.saliency.npy'), 'utf8')).toBe('1:maps/b,c.saliency.npy');
    expect(w.lines).toEqual(['2 images × 2 methods: 4 maps']);
    await explainOutputs.write([a, b], meta, join(root, 'plain'), {});
    for (const f of ['explanations.csv', 'explanations.json']) expect(readFileSync(join(merged, f), 'utf8')).toBe(readFileSync(join(root, 'plain', f), 'utf8'));
    expect(JSON.parse(readFileSync(join(merged, 'explanations.json'), 'utf8'))).toMatchObject({ model: 'm/model.json', name: 'digits', images: 2 });
  });

  it('a row naming a file outside the output folder is refused', async () => {
    expect(insideOut('maps/x/../a.npy')).toBe('maps/a.npy');
    expect(() => insideOut('/etc/passwd')).toThrow(/relative to the output folder/);
    expect(() => insideOut('maps/../../x.npy')).toThrow(/relative to the output folder/);
    const bad = { ...a, methods: [{ ...a.methods[0], npy: '../x.npy' }] };
    await expect(explainOutputs.write([bad], meta, mkdtempSync(join(tmpdir(), 'ss-eo-')), { from: new Map([[a.id, '/tmp']]) })).rejects.toThrow(/\.\.\/x\.npy/);
  });
});
