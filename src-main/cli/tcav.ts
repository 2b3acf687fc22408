// `tcav`: Kim et al.'s concept test at one layer. --random is either a folder
// of sub-folders (each one random set, the TCAV code's random500_i layout) or
// a flat pool of images, from which --random-sets sets of the concept's size
// are drawn (seeded, without replacement within a set). Writes <out>/tcav.json
// and <out>/tcav.csv (one row per class); --report writes the HTML report.
// The work itself is evaluation/tcav-run.ts, which the engine's `tcav` job runs too.
import { join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { runTcav, tcavApiResult } from '../evaluation/tcav-run';
import { loadModelFromPath } from '../model/load';
import { tcavReport } from '../report/tcav-report';
import { COMMON_OPTIONS, parsePreprocess, parseSets, requireOpt } from './common';

const int = (v: string, flag: string, min: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new StudioError('bad-arg', `${flag} must be an integer ≥ ${min}, got "${v}"`);
  return n;
};

export async function tcavCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS, layer: { type: 'string' }, concept: { type: 'string' }, random: { type: 'string' }, 'random-sets': { type: 'string', default: '10' },
      class: { type: 'string' }, images: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, alpha: { type: 'string', default: '0.05' }, bonferroni: { type: 'boolean', default: false }, seed: { type: 'string', default: '0' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const classes = requireOpt(values.class, '--class').split(',').map((s) => int(s.trim(), '--class', 0));
  const R = int(values['random-sets'], '--random-sets', 2);
  const seed = int(values.seed, '--seed', 0);
  const alpha = Number(values.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new StudioError('bad-arg', `--alpha must be in (0, 1), got "${values.alpha}"`);
  const lambda = parseSets(values.set).lambda;
  if (lambda != null && !(typeof lambda === 'number' && lambda > 0)) throw new StudioError('bad-arg', `--set lambda must be a positive number, got "${String(lambda)}"`);
  const engineInfo = backendInfo(await initBackend());
  const { classifier: model, info } = await loadModelFromPath(requireOpt(values.model, '--model'), parsePreprocess(values.preprocess));
  try {
    const run = await runTcav(model, info, {
      concept: requireOpt(values.concept, '--concept'), random: requireOpt(values.random, '--random'), images: requireOpt(values.images, '--images'),
      classes, layer: values.layer, randomSets: R, alpha, bonferroni: values.bonferroni, lambda: lambda as number | undefined, seed,
    }, { signal: new CancelToken(), progress: (d, t, msg) => void (values.json ? null : err(msg ?? `${d}/${t}`)) });
    const { result: r, seconds } = run;
    const layer = r.layer;
    const sets = run.randomSizes;
    await mkdir(outDir, { recursive: true });
    const label = (c: number): string => info.labels?.[c] ?? String(c);
    const files = { json: join(outDir, 'tcav.json'), csv: join(outDir, 'tcav.csv'), ...(values.report ? { report: resolve(values.report) } : {}) };
    if (files.report) await writeFile(files.report, tcavReport(tcavApiResult(run, info, { jobId: 'cli', backend: engineInfo.backend })));
    const fmt = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : String(v));
    const csv = ['class,label,tcav_mean,tcav_std,null_mean,null_std,t,df,p,alpha,significant,scores,null_scores'];
    for (const c of r.classes) csv.push([c.target, JSON.stringify(label(c.target)), fmt(c.mean), fmt(c.std), fmt(c.nullMean), fmt(c.nullStd), fmt(c.t), fmt(c.df), fmt(c.p), fmt(r.alpha), c.significant, c.scores.map(fmt).join(' '), c.nullScores.map(fmt).join(' ')].join(','));
    const result = {
      model: info.path, backend: engineInfo.backend, layer, dim: r.dim, concept: { dir: values.concept, count: run.conceptCount }, random: { dir: values.random, sets }, images: run.imageCount,
      alpha: r.alpha, bonferroni: values.bonferroni, seconds, cavAccuracy: r.cavAccuracy, nullCavAccuracy: r.nullCavAccuracy,
      classes: r.classes.map((c) => ({ ...c, label: label(c.target) })), files,
    };
    const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    await writeFile(files.json, json);
    await writeFile(files.csv, csv.join('\n') + '\n');
    if (values.json) return out(json);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    out(`TCAV at ${layer} (d = ${r.dim}), ${R} random sets, concept CAV accuracy ${mean(r.cavAccuracy).toFixed(3)}, α = ${r.alpha.toPrecision(3)}`);
    out(`${'class'.padEnd(16)}${'TCAV'.padStart(14)}${'random CAVs'.padStart(16)}${'p'.padStart(12)}  significant`);
    for (const c of r.classes) out(`${`${c.target} ${label(c.target)}`.slice(0, 15).padEnd(16)}${`${c.mean.toFixed(3)}±${c.std.toFixed(3)}`.padStart(14)}${`${c.nullMean.toFixed(3)}±${c.nullStd.toFixed(3)}`.padStart(16)}${c.p.toPrecision(3).padStart(12)}  ${c.significant ? 'yes' : 'no'}`);
    out(`outputs in ${outDir}`);
  } finally {
    model.dispose();
  }
}
