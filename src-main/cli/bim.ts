// `bim`: the BIM benchmark end to end on the committed demo pairs. Writes
// <out>/bim-<variant>.csv (one row per method) and <out>/bim-<variant>.json
// (the whole result, without times); prints the table, or the JSON with --json.
// As a job-array task: a sample is one evaluation pair/image k (`pair-000`…),
// plus one `whole-run` sample for what is not per pair (objects: TCAV, ~40 s,
// so it runs once in whichever shard owns it rather than in every shard;
// chest-marker: the accuracies on the independent/reversed sets).
// --shard-index/--num-shards (or Slurm's / Kubernetes' index) pick the
// samples; <out>/run.json and <out>/rows.jsonl make it resumable; `merge`
// joins the shards (run/*.ts, run/bim-outputs.ts).
// Operations: info (the backend's name), methods (to hand --set to the methods
// that have each parameter), bim (with indices / wholeRun, sample by sample).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BIM_DEFAULT_N, type BimRequest, type BimResult, type BimVariant } from '../api/bim-types';
import { bimJson } from '../bim/report';
import { COMMON_OPTIONS, methodParams, parseList, parseNumber, parseSets, requireOpt, runJob, withBackend } from './common';
import { type BimEntry, type BimMeta, pairId, WHOLE_RUN_ID } from './run/bim-outputs';
import { ImagesFailed } from './run/exit-codes';
import { OUTPUTS } from './run/outputs';
import { parseProgress } from './run/progress';
import { RUN_OPTIONS, runFlags } from './run/flags';
import { runSamples, shardNote } from './run/sample-run';
import type { Sample } from './run/shards';

const metaOf = (r: BimResult, backend: string): BimMeta => ({
  backend,
  variant: r.variant,
  methods: r.rows.map((x) => x.method),
  t: r.variant === 'objects' ? r.t : 0,
  boxFraction: r.variant === 'chest-marker' ? r.boxFraction : 0,
});

export async function bimCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      ...RUN_OPTIONS,
      methods: { type: 'string' },
      method: { type: 'string' },
      variant: { type: 'string', default: 'objects' },
      n: { type: 'string' },
      t: { type: 'string' },
      'no-tcav': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  // The variant, n and t are the request's to check (api/spec.ts).
  const variant = values.variant as BimVariant;
  const given = values.methods ?? values.method;
  const methods = given == null ? undefined : parseList(given);
  const n = values.n == null ? undefined : parseNumber(values.n, '--n', 'an integer');
  const t = values.t == null ? undefined : parseNumber(values.t, '--t');
  const sets = parseSets(values.set);
  const run = runFlags(values);
  const progress = parseProgress(values.progress, values.json);
  const { json, lines, shard } = await withBackend(async (api) => {
    const engine = await api.info();
    // --set k=v applies to every chosen method that has the parameter.
    const names = await methodParams(api);
    const params = Object.fromEntries((methods ?? []).map((id) => [id, Object.fromEntries(Object.entries(sets).filter(([k]) => names(id).includes(k)))]));
    const tcav = variant === 'objects' && !values['no-tcav'];
    const base: Omit<BimRequest, 'jobId'> = { variant, methods, n, t, params, tcav };
    let jobId = '';
    const call = (k: string, extra: Partial<BimRequest>): Promise<BimResult> => {
      jobId = `cli-${k}`;
      const req = { ...base, ...extra, jobId };
      return runJob(
        api,
        jobId,
        () => undefined,
        () => api.bim(req),
      );
    };
    // No samples: checks the whole request (variant, n, t, methods) before a run.json exists, and names the default methods.
    const probe = await call('check', { indices: [], wholeRun: false });
    const meta = metaOf(probe, engine.backend);
    const count = n ?? BIM_DEFAULT_N[variant];
    const all: Sample[] = Array.from({ length: count }, (_, k) => ({ id: pairId(k), path: String(k) }));
    if (variant === 'chest-marker' || tcav) all.push({ id: WHOLE_RUN_ID, path: '' });
    const request = { variant, n: count, methods: meta.methods, params, ...(variant === 'objects' ? { t: meta.t, tcav } : {}) };
    const r = await runSamples<BimEntry, BimMeta>({
      command: 'bim',
      argv,
      outDir,
      all,
      request,
      flags: run,
      progress,
      unit: 'samples',
      err,
      cancel: () => void (jobId && api.cancel({ jobId }).catch(() => undefined)),
      async compute(part, k) {
        const entries: BimEntry[] = [];
        const pairs = part.filter((s) => s.id !== WHOLE_RUN_ID);
        if (pairs.length) {
          const res = await call(String(k), { indices: pairs.map((s) => Number(s.path)), wholeRun: false });
          entries.push(...(res.perSample ?? []).map((v) => ({ id: pairId(v.index), ...v })));
        }
        if (pairs.length < part.length) {
          const res = await call(`${k}-whole`, { indices: [], wholeRun: true });
          entries.push(res.variant === 'objects' ? { id: WHOLE_RUN_ID, tcav: res.tcav } : { id: WHOLE_RUN_ID, accuracy: res.accuracy });
        }
        // In part's order, as runSamples expects.
        return { entries: part.map((s) => entries.find((e) => e.id === s.id)!), meta };
      },
    });
    const written = await OUTPUTS.bim.write(r.entries, r.meta ?? meta, outDir, {});
    if (r.failures.length) throw new ImagesFailed(r.failures);
    return { ...written, shard: r.shard };
  }, values.workers);
  if (values.json) return out(bimJson(json as object));
  const files = (json as { files: { csv: string; json: string } }).files;
  out(`${lines.join('\n')}\nwrote ${files.csv} and ${files.json}${shardNote(shard)}`);
}
