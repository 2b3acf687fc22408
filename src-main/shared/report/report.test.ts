// The HTML reports: valid HTML (parse5, the WHATWG parser, reports no error),
// nothing external, the table's numbers, the charts, the thumbnails.
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { EvaluateResult, SanityResult, Thumb } from '../../api/evaluate-types';
import { evaluationReport, fakeCamFinding } from './evaluation-report';
import { summaryTable, formatStat } from './evaluation-table';
import { esc } from './html';
import { finalSimilarity, sanityReport } from './sanity-report';
import { lineChartSvg } from './svg-chart';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function parseStrict(html: string): Element[] {
  const errors: string[] = [];
  const doc = parse(html, { onParseError: (e) => void errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  expect(errors).toEqual([]);
  const out: Element[] = [];
  const walk = (n: Node): void => {
    if ('tagName' in n) out.push(n);
    if ('childNodes' in n) n.childNodes.forEach(walk);
    if ('content' in n && n.content) n.content.childNodes.forEach(walk);
  };
  walk(doc);
  return out;
}

const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;

/** Self-contained: no URL outside the document (data: URIs only), no script, no external stylesheet. */
function expectSelfContained(html: string, elements: Element[]): void {
  expect(html).not.toMatch(/https?:\/\//);
  for (const e of elements) {
    for (const name of ['src', 'href', 'xlink:href', 'action', 'poster']) {
      const v = attr(e, name);
      if (v != null) expect(v, `${e.tagName}[${name}]`).toMatch(/^(data:|#)/);
    }
  }
  expect(elements.filter((e) => e.tagName === 'script' || e.tagName === 'link' || e.tagName === 'iframe')).toEqual([]);
}

const stats = (mean: number | null, std: number | null, n = 3) => ({ mean, std, n });

const evaluation: EvaluateResult = {
  jobId: 'j',
  model: 'digits <cnn>',
  backend: 'wasm',
  images: ['a.png', 'b.png', 'c.png'],
  methods: ['gradcam', 'fake-cam'],
  metrics: ['average-drop', 'adcc', 'deletion', 'insertion'],
  options: { steps: 2 },
  rows: [{ image: 'a.png', method: 'gradcam', target: 3, label: '3', values: { 'average-drop': 80, adcc: 0.3, deletion: 0.2, insertion: 0.7 } }],
  summary: {
    gradcam: { 'average-drop': stats(84.8, 5.25), adcc: stats(0.31, 0.04), deletion: stats(0.123, 0.045), insertion: stats(0.8, 0.1) },
    'fake-cam': { 'average-drop': stats(0, 0), adcc: stats(0.004, 0.001), deletion: stats(0.5, 0.2), insertion: stats(null, null, 0) },
  },
  curves: {
    gradcam: { fraction: [0, 0.5, 1], deletion: [0.9, 0.2, 0.1], insertion: [0.1, 0.8, 0.9] },
    'fake-cam': { fraction: [0, 0.5, 1], deletion: [0.9, 0.7, 0.1] },
  },
  seconds: 1.5,
};

const thumb = (v: number): Thumb => ({ width: 2, height: 2, pixels: Uint8Array.from([0, v, 128, 255]) });
const sanity: SanityResult = {
  jobId: 's',
  mode: 'cascading',
  model: 'digits',
  backend: 'wasm',
  image: 'digit-3.png',
  target: { index: 3, label: '3' },
  seed: 0,
  methods: ['saliency', 'guided-backprop'],
  columns: [
    { label: 'original', layers: [] },
    { label: 'probs', layers: ['probs'] },
    { label: 'conv1', layers: ['probs', 'conv1'] },
  ],
  similarity: [
    [
      { spearman: 1, spearmanAbs: 1, ssim: 1, hog: 1 },
      { spearman: 0.5, spearmanAbs: 0.6, ssim: 0.4, hog: null },
      { spearman: 0.1, spearmanAbs: 0.3, ssim: 0.2, hog: null },
    ],
    [
      { spearman: 1, spearmanAbs: 1, ssim: 1, hog: 1 },
      { spearman: 0.9, spearmanAbs: 0.8, ssim: 0.7, hog: null },
      { spearman: 0.6, spearmanAbs: 0.62, ssim: 0.5, hog: null },
    ],
  ],
  thumbs: [
    [thumb(1), thumb(2), thumb(3)],
    [thumb(4), thumb(5), thumb(6)],
  ],
  seconds: 2,
};

describe('summary table', () => {
  it('marks the best real method of each column; a control (Fake-CAM, Average Drop 0) is never crowned; "—" where nothing applies', () => {
    const t = summaryTable(evaluation);
    expect(t.columns.map((c) => c.better)).toEqual(['lower', 'higher', 'lower', 'higher']);
    expect(t.rows.map((r) => [r.method, r.control])).toEqual([
      ['gradcam', false],
      ['fake-cam', true],
    ]);
    expect(t.rows.map((r) => r.cells.map((c) => c.best))).toEqual([
      [true, true, true, true],
      [false, false, false, false],
    ]);
    expect(formatStat(t.rows[0].cells[2])).toBe('0.123 ± 0.045');
    expect(formatStat(t.rows[1].cells[3])).toBe('—');
  });
});

describe('evaluation report', () => {
  it('valid, self-contained HTML with the table numbers, the best cells marked, and one curve path per method', () => {
    const html = evaluationReport(evaluation);
    const els = parseStrict(html);
    expectSelfContained(html, els);
    expect(html).toContain('84.800 ± 5.250');
    expect(html).toContain('0.123 ± 0.045');
    expect(html).toContain('<td title="n = 3">0.000 ± 0.000</td>'); // Fake-CAM's Average Drop is lowest, but a control is not crowned
    expect(html).toContain('<td class="best" title="n = 3">84.800 ± 5.250</td>');
    expect(html).toContain('digits &lt;cnn&gt;');
    const svgs = els.filter((e) => e.tagName === 'svg');
    expect(svgs).toHaveLength(2); // deletion and insertion
    const paths = els.filter((e) => e.tagName === 'path' && attr(e, 'class') === 'series');
    expect(paths.map((p) => attr(p, 'data-series'))).toEqual(['gradcam', 'fake-cam', 'gradcam']);
    expect(fakeCamFinding(evaluation)).toMatch(/Average Drop 0\.00% against 84\.80%.*ADCC 0\.004 against 0\.310 \(ADCC exposes it\)\. As in Poppi/);
  });
});

describe('sanity report', () => {
  it('valid, self-contained HTML: the similarity plots, one PNG thumbnail per method and step, the final |ρ| in order', () => {
    const html = sanityReport(sanity);
    const els = parseStrict(html);
    expectSelfContained(html, els);
    const imgs = els.filter((e) => e.tagName === 'img');
    expect(imgs).toHaveLength(6);
    for (const i of imgs) expect(attr(i, 'src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(els.filter((e) => e.tagName === 'svg')).toHaveLength(4);
    expect(finalSimilarity(sanity)).toEqual([
      { method: 'guided-backprop', value: 0.62 },
      { method: 'saliency', value: 0.3 },
    ]);
    expect(html).toContain('guided-backprop 0.620, saliency 0.300');
  });

  it('data mode: the training report in percent and both models’ strips', () => {
    const data: SanityResult = {
      ...sanity,
      mode: 'data',
      image: undefined,
      target: undefined,
      methods: ['saliency'],
      columns: [
        { label: 'x0', target: 1 },
        { label: 'x1', target: 7 },
      ],
      similarity: [
        [
          { spearman: 0.1, spearmanAbs: 0.2, ssim: 0.3, hog: 0.4 },
          { spearman: 0.3, spearmanAbs: 0.2, ssim: 0.1, hog: 0 },
        ],
      ],
      mean: [{ spearman: 0.2, spearmanAbs: 0.2, ssim: 0.2, hog: 0.2 }],
      thumbs: [[thumb(1), thumb(2)]],
      permutedThumbs: [[thumb(3), thumb(4)]],
      training: {
        loss: [2.3, 2.1],
        permutedFraction: 0.9,
        trainAccuracy: 0.58,
        trainAccuracyTrue: 0.12,
        heldOutAccuracy: 0.1,
        trainedModelTrainAccuracy: 0.99,
        trainedModelHeldOutAccuracy: 0.98,
        trainImages: 1000,
        epochs: 2,
        seconds: 6,
      },
    };
    const html = sanityReport(data);
    const els = parseStrict(html);
    expectSelfContained(html, els);
    expect(html).toContain('<td>58.0%</td>');
    expect(html).toContain('<td>1000 × 2</td>');
    expect(els.filter((e) => e.tagName === 'img')).toHaveLength(4);
  });
});

describe('building blocks', () => {
  it('esc escapes the five HTML specials', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('line chart: x and y map linearly into the plot box; a null splits the line', () => {
    const svg = lineChartSvg({ x: [0, 1], series: [{ name: 's', values: [0, 1] }], yDomain: [0, 1], width: 356, height: 156 });
    // Plot box: x 56…206 (356 − 56 − 150), y 12…112 (156 − 12 − 44).
    expect(svg).toContain('d="M56.0,112.0L206.0,12.0"');
    const gap = lineChartSvg({ x: ['a', 'b', 'c'], series: [{ name: 's', values: [1, null, 1] }], yDomain: [0, 1], width: 356, height: 192 });
    expect(gap).toMatch(/d="M56\.0,12\.0M206\.0,12\.0"/);
    expect(lineChartSvg({ x: [0], series: [], standalone: true })).toContain('xmlns="http://www.w3.org/2000/svg"');
  });
});
