import { describe, expect, it } from 'vitest';
import { type SanityFolderSummary, sanityFolderReport, SHOWN_IMAGES } from './sanity-folder-report';

const stats = (mean: number | null, std: number | null, n: number) => ({ mean, std, n });
const step = (label: string, v: number) => ({
  label,
  spearmanAbs: stats(v, 0.1, 20),
  spearman: stats(v, 0.1, 20),
  ssim: stats(null, null, 0),
  hog: stats(v / 2, 0, 20),
});
const s: SanityFolderSummary = {
  model: 'digits/model.json',
  backend: 'wasm',
  mode: 'cascading',
  seed: 7,
  images: 20,
  methods: ['saliency', 'gradcam'],
  steps: ['original', 'dense_1'],
  summary: { saliency: [step('original', 1), step('dense_1', 0.8)], gradcam: [step('original', 1), step('dense_1', 0.05)] },
};

describe('sanity folder report', () => {
  const shown = Array.from({ length: SHOWN_IMAGES }, (_, i) => ({ id: `img-${i}.png`, strips: [{ method: 'saliency', png: new Uint8Array([i]) }] }));
  const html = sanityFolderReport(s, shown);

  it('orders the last step highest first and writes mean ± std (n), a dash where no image had a value', () => {
    expect(html).toContain('at &quot;dense_1&quot;: saliency 0.800, gradcam 0.050.');
    expect(html).toContain('<td>0.800 ± 0.100 (20)</td><td>0.800 ± 0.100 (20)</td><td>—</td><td>0.400 ± 0.000 (20)</td>');
  });

  it('embeds the strips it is given and says how many of the images those are', () => {
    expect(html).toContain(`Maps across the steps: ${SHOWN_IMAGES} of 20 images`);
    expect(html.match(/data:image\/png;base64,/g)).toHaveLength(SHOWN_IMAGES);
    expect(html).toContain('<img src="data:image/png;base64,Cw==" alt="img-11.png, saliency">');
    // Nothing outside the page: no link to a file or a network resource.
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
  });

  it('an empty shard says so; one image has no spread to show', () => {
    expect(sanityFolderReport({ ...s, images: 0, steps: [], summary: { saliency: [], gradcam: [] } }, [])).toContain('No image was checked (an empty shard).');
    const one = { ...s, summary: { ...s.summary, saliency: [{ ...step('original', 1), spearmanAbs: stats(0.5, null, 1) }] } };
    expect(sanityFolderReport(one, [])).toContain('<td>0.500 (1)</td>');
  });
});
