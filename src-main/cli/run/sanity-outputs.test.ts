import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimilarityScores } from '../../api/evaluate-types';
import { type SanityEntry, type SanityMeta, sanityOutputs, sanityOutputText, stripPath } from './sanity-outputs';

const sim = (spearmanAbs: number | null, ssim: number | null = 0.5): SimilarityScores => ({ spearman: spearmanAbs, spearmanAbs, ssim, hog: null });
const entry = (id: string, step1: number | null): SanityEntry => ({
  id,
  target: { index: 1, label: 'one' },
  columns: [
    { label: 'original', layers: 0 },
    { label: 'probs', layers: 1 },
  ],
  similarity: { g: [sim(1, 1), sim(step1)] },
  strips: { g: stripPath(id, 'g') },
});
const meta: SanityMeta = { model: 'm.json', name: 'm', backend: 'cpu', mode: 'cascading', seed: 3, methods: ['g'], columns: ['original', 'probs'] };

describe('sanity --images outputs from rows', () => {
  it('sorts by id; CSV cells as the single-image CSV; mean ± sample std and n per step, NaN → null; same bytes whatever the order', () => {
    const es = [entry('b.png', 0.3), entry('sub/a.png', 0.1), entry('c,d.png', null), entry('a.png', 0.2)];
    const t = sanityOutputText(es, meta);
    expect(t.csv).toBe(
      [
        'image,method,step,randomised_down_to,layers_randomised,spearman,spearman_abs,ssim,hog',
        'a.png,g,0,original,0,1,1,1,',
        'a.png,g,1,probs,1,0.2,0.2,0.5,',
        'b.png,g,0,original,0,1,1,1,',
        'b.png,g,1,probs,1,0.3,0.3,0.5,',
        '"c,d.png",g,0,original,0,1,1,1,',
        '"c,d.png",g,1,probs,1,,,0.5,',
        'sub/a.png,g,0,original,0,1,1,1,',
        'sub/a.png,g,1,probs,1,0.1,0.1,0.5,',
        '',
      ].join('\n'),
    );
    const s = t.json.summary.g;
    expect(s[0].spearmanAbs).toEqual({ mean: 1, std: 0, n: 4 });
    // Step 1 over the 3 finite values 0.2, 0.3, 0.1: mean 0.2, std √((0² + 0.1² + 0.1²)/2) = 0.1.
    expect(s[1].spearmanAbs.mean).toBeCloseTo(0.2, 12);
    expect(s[1].spearmanAbs.std).toBeCloseTo(0.1, 12);
    expect(s[1].spearmanAbs.n).toBe(3);
    expect(s[1].ssim).toEqual({ mean: 0.5, std: 0, n: 4 });
    expect(s[1].hog).toEqual({ mean: null, std: null, n: 0 });
    expect(t.json).toMatchObject({ images: 4, mode: 'cascading', seed: 3, steps: ['original', 'probs'] });
    expect(t.summary).toContain('"hog": {\n          "mean": null');
    // The plot's points: x 60 and 490, y = 30 + (1 − v)/2 · 240 → 30 at 1, 126 at 0.2.
    expect(t.svg).toContain('points="60.0,30.0 490.0,126.0"');
    expect(sanityOutputText([es[3], es[1], es[0], es[2]], meta)).toEqual(t);
    expect(stripPath('sub/x.y.png', 'grad-cam')).toBe('strips/sub/x.y.grad-cam.strip.png');
  });

  it('with `from`, copies each row’s strips from its shard folder; refuses a strip outside strips/; --report embeds the strips and the mean ± std table', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-sanity-out-'));
    const shard = join(root, 'shard');
    mkdirSync(join(shard, 'strips', 'sub'), { recursive: true });
    const es = [entry('a.png', 0.2), entry('sub/a.png', 0.1)];
    for (const e of es) writeFileSync(join(shard, e.strips.g), `png of ${e.id}`);
    const out = join(root, 'out');
    const r = await sanityOutputs.write(es, meta, out, { from: new Map(es.map((e) => [e.id, shard])) });
    expect(readFileSync(join(out, 'strips', 'sub', 'a.g.strip.png'), 'utf8')).toBe('png of sub/a.png');
    expect(readFileSync(join(out, 'sanity.csv'), 'utf8')).toBe(sanityOutputText(es, meta).csv);
    expect(r.lines[1]).toBe(`${'g'.padEnd(20)}${'1.000 ± 0.000'.padStart(16)}${'0.150 ± 0.071'.padStart(16)}`);
    const bad = { ...es[0], strips: { g: 'strips/../../x.png' } };
    await expect(sanityOutputs.write([bad], meta, out, { from: new Map([['a.png', shard]]) })).rejects.toMatchObject({ code: 'outside-folder' });
    const report = join(root, 'reports', 'r.html');
    const w = await sanityOutputs.write(es, meta, out, { report });
    expect((w.json as { files: { report: string } }).files.report).toBe(report);
    const html = readFileSync(report, 'utf8');
    // Step 1: 0.2 and 0.1 → mean 0.15, sample std √(2 · 0.05²) = 0.0707, over 2 images.
    expect(html).toContain('<td>0.150 ± 0.071 (2)</td>');
    expect(html).toContain('Sanity check over 2 images: m.json');
    for (const e of es) expect(html).toContain(`data:image/png;base64,${Buffer.from(`png of ${e.id}`).toString('base64')}`);
    expect(html).toContain('Maps across the steps: 2 of 2 images');
    // A strip gone since its row was written: named, with what to do.
    await expect(sanityOutputs.write([entry('gone.png', 0.2)], meta, out, { report })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/^strips\/gone\.g\.strip\.png \(gone\.png, g\) is missing from .*: run again with --fresh/),
    });
  });
});
