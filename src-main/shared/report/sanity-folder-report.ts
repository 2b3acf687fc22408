// The self-contained HTML report of a folder's sanity check (sanity --images
// --report, and merge --report of its shards): the similarity against the
// randomised layer as mean ± std over the images, one line per method and
// measure; the last step's means, highest first; and the strips of the first
// images (every strip is in strips/; embedding a thousand would make a page no
// browser opens). A pure function of the summary and the strips' PNG bytes,
// so a run and a merge of its shards write the same report.
import { esc, figure, image, page, paragraph, row, section, table } from './html';
import { base64 } from './png';
import { lineChartSvg } from './svg-chart';

type Stats = { mean: number | null; std: number | null; n: number };
type Measure = 'spearmanAbs' | 'spearman' | 'ssim' | 'hog';

export interface SanityFolderSummary {
  model: string;
  backend: string;
  mode: string;
  seed: number;
  images: number;
  methods: string[];
  steps: string[];
  summary: Record<string, ({ label: string } & Record<Measure, Stats>)[]>;
}

/** One image's strips (a PNG each, its steps left to right), as the report shows them. */
export interface ShownImage {
  id: string;
  strips: { method: string; png: Uint8Array }[];
}

/** How many images' strips the report embeds. */
export const SHOWN_IMAGES = 12;

const MEASURES: [Measure, string][] = [
  ['spearmanAbs', '|Spearman| (abs maps)'],
  ['spearman', 'Spearman (signed)'],
  ['ssim', 'SSIM'],
  ['hog', 'HOG (Pearson)'],
];
const num = (v: number | null): string => (v == null ? '—' : v.toFixed(3));
const meanStd = (s: Stats): string => (s.mean == null ? '—' : s.std == null ? `${num(s.mean)} (${s.n})` : `${num(s.mean)} ± ${num(s.std)} (${s.n})`);
const dataUri = (png: Uint8Array): string => `data:image/png;base64,${base64(png)}`;

export function sanityFolderReport(s: SanityFolderSummary, shown: ShownImage[]): string {
  const how =
    s.mode === 'cascading'
      ? 'Cascading: layers randomised from the top down to the one named.'
      : 'Independent: one layer randomised at a time, the others trained.';
  const charts = MEASURES.map(([k, name]) =>
    figure(
      lineChartSvg({
        title: `${name}: mean over ${s.images} images`,
        x: s.steps,
        yDomain: [-1, 1],
        yLabel: name,
        width: 480,
        height: 280,
        series: s.methods.map((m) => ({ name: m, values: s.summary[m].map((x) => x[k].mean) })),
      }),
    ),
  );
  const last = s.methods.map((m) => ({ m, v: s.summary[m].at(-1)?.spearmanAbs.mean ?? null })).sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity));
  const strips = shown.map(
    (im) =>
      `<h3>${esc(im.id)}</h3>` +
      im.strips.map((st) => figure(image(dataUri(st.png), `${im.id}, ${st.method}`), `${st.method}: ${s.steps.join(' → ')}`)).join(''),
  );
  return page({
    title: `Sanity check over ${s.images} images: ${s.model}`,
    meta: [`${s.mode} model-parameter randomisation; methods ${s.methods.join(', ')}; seed ${s.seed}`, `backend ${s.backend}`],
    body: [
      section(
        'Similarity against the randomised layer',
        paragraph(`${how} Each line is the mean over the images; a method that explains the model falls towards 0.`),
        row(...charts),
      ),
      section(
        'At the last step',
        paragraph(
          s.steps.length
            ? `Mean |Spearman| with the trained model's map at "${s.steps.at(-1)}": ${last.map((x) => `${x.m} ${num(x.v)}`).join(', ')}. Methods that stay near 1 do not depend on the parameters that were randomised.`
            : 'No image was checked (an empty shard).',
        ),
      ),
      section(
        'Similarity per step (mean ± sample std, n images)',
        ...s.methods.map((m) =>
          table({
            caption: m,
            head: ['step', ...MEASURES.map(([, n]) => n)],
            rows: s.summary[m].map((x) => [x.label, ...MEASURES.map(([k]) => meanStd(x[k]))]),
          }),
        ),
      ),
      section(
        `Maps across the steps: ${shown.length} of ${s.images} images`,
        paragraph(`The first ${shown.length} images by name; every image's strips are in strips/ beside sanity.csv.`),
        ...strips,
      ),
    ],
  });
}
