// `tcav`: Kim et al.'s concept test at one layer. --random is either a folder
// of sub-folders (each one random set, the TCAV code's random500_i layout) or
// a flat pool of images, from which --random-sets sets of the concept's size
// are drawn (seeded, without replacement within a set). Writes <out>/tcav.json
// and <out>/tcav.csv (one row per class); --report writes the HTML report.
// Operations: openModel, tcav.
import { join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import { tcavReport } from '../shared/report/tcav-report';
import { COMMON_OPTIONS, parseNumber, parsePreprocess, parseSets, requireOpt, runJob, withBackend } from './common';

export async function tcavCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      layer: { type: 'string' },
      concept: { type: 'string' },
      random: { type: 'string' },
      'random-sets': { type: 'string', default: '10' },
      class: { type: 'string' },
      images: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      alpha: { type: 'string', default: '0.05' },
      bonferroni: { type: 'boolean', default: false },
      seed: { type: 'string', default: '0' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const classes = requireOpt(values.class, '--class')
    .split(',')
    .map((c) => parseNumber(c.trim(), '--class', 'a class index'));
  const randomSets = parseNumber(values['random-sets'], '--random-sets', 'an integer');
  const seed = parseNumber(values.seed, '--seed', 'an integer');
  const alpha = parseNumber(values.alpha, '--alpha');
  const lambda = parseSets(values.set).lambda;
  if (lambda != null && typeof lambda !== 'number') throw new StudioError('bad-param', `--set lambda must be a number, got "${String(lambda)}"`);
  const modelPath = requireOpt(values.model, '--model');
  const [concept, random, images] = [requireOpt(values.concept, '--concept'), requireOpt(values.random, '--random'), requireOpt(values.images, '--images')];
  await withBackend(async (api) => {
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    const r = await runJob(
      api,
      'cli',
      (p) => void (values.json ? null : err(p.message ?? `${p.done}/${p.total}`)),
      () =>
        api.tcav({
          jobId: 'cli',
          modelId: model.id,
          concept,
          random,
          images,
          classes,
          layer: values.layer,
          randomSets,
          alpha,
          bonferroni: values.bonferroni,
          lambda,
          seed,
        }),
    );
    await mkdir(outDir, { recursive: true });
    const files = { json: join(outDir, 'tcav.json'), csv: join(outDir, 'tcav.csv'), ...(values.report ? { report: resolve(values.report) } : {}) };
    if (files.report) await writeFile(files.report, tcavReport(r));
    // Non-finite statistics (t of identical samples) arrive as null: an empty CSV cell.
    const fmt = (v: number | null): string => (v == null ? '' : Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : String(v));
    const csv = ['class,label,tcav_mean,tcav_std,null_mean,null_std,t,df,p,alpha,significant,scores,null_scores'];
    for (const c of r.classes)
      csv.push(
        [
          c.target,
          JSON.stringify(c.label),
          fmt(c.mean),
          fmt(c.std),
          fmt(c.nullMean),
          fmt(c.nullStd),
          fmt(c.t),
          fmt(c.df),
          fmt(c.p),
          fmt(r.alpha),
          c.significant,
          c.scores.map(fmt).join(' '),
          c.nullScores.map(fmt).join(' '),
        ].join(','),
      );
    const result = {
      model: model.path,
      backend: r.backend,
      layer: r.layer,
      dim: r.dim,
      concept: { dir: concept, count: r.concept },
      random: { dir: random, sets: r.randomSets },
      images: r.images,
      alpha: r.alpha,
      bonferroni: values.bonferroni,
      seconds: r.seconds,
      cavAccuracy: r.cavAccuracy,
      nullCavAccuracy: r.nullCavAccuracy,
      classes: r.classes,
      files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    await writeFile(files.json, json);
    await writeFile(files.csv, csv.join('\n') + '\n');
    if (values.json) return out(json);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    out(
      `TCAV at ${r.layer} (d = ${r.dim}), ${r.randomSets.length} random sets, concept CAV accuracy ${mean(r.cavAccuracy).toFixed(3)}, α = ${r.alpha.toPrecision(3)}`,
    );
    out(`${'class'.padEnd(16)}${'TCAV'.padStart(14)}${'random CAVs'.padStart(16)}${'p'.padStart(12)}  significant`);
    for (const c of r.classes)
      out(
        `${`${c.target} ${c.label}`.slice(0, 15).padEnd(16)}${`${c.mean.toFixed(3)}±${c.std.toFixed(3)}`.padStart(14)}${`${c.nullMean.toFixed(3)}±${c.nullStd.toFixed(3)}`.padStart(16)}${(c.p ?? NaN).toPrecision(3).padStart(12)}  ${c.significant ? 'yes' : 'no'}`,
      );
    out(`outputs in ${outDir}`);
  }, values.workers);
}
