// `bim`: the BIM benchmark end to end on the committed demo pairs. Writes
// <out>/bim-<variant>.csv (one row per method) and <out>/bim-<variant>.json
// (the whole result); prints the table, or the JSON with --json.
// Operations: info (the backend's name for the JSON), methods (to hand --set
// to the methods that have each parameter), bim.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BimVariant } from '../api/bim-types';
import type { JobProgress } from '../api/types';
import { bimCsv, bimJson, bimTable } from '../bim/report';
import { COMMON_OPTIONS, methodParams, parseList, parseNumber, parseSets, requireOpt, runJob, withBackend } from './common';

export async function bimCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
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
  await withBackend(async (api) => {
    const engine = await api.info();
    // --set k=v applies to every chosen method that has the parameter.
    const names = await methodParams(api);
    const params = Object.fromEntries((methods ?? []).map((id) => [id, Object.fromEntries(Object.entries(sets).filter(([k]) => names(id).includes(k)))]));
    let last = -1;
    const progress = (p: JobProgress): void => {
      const pct = Math.floor((100 * p.done) / p.total);
      if (!values.json && pct >= last + 10) {
        last = pct;
        err(`${pct}% ${p.message ?? ''}`);
      }
    };
    const r = await runJob(api, 'cli', progress, () => api.bim({ jobId: 'cli', variant, methods, n, t, params, tcav: !values['no-tcav'] }));
    await mkdir(outDir, { recursive: true });
    const files = { csv: join(outDir, `bim-${r.variant}.csv`), json: join(outDir, `bim-${r.variant}.json`) };
    const result = { backend: engine.backend, ...r, files };
    await writeFile(files.csv, bimCsv(r));
    await writeFile(files.json, bimJson(result, 2));
    out(values.json ? bimJson(result) : `${bimTable(r)}\nwrote ${files.csv} and ${files.json} (${(r.ms / 1000).toFixed(1)} s, ${engine.backend})`);
  }, values.workers);
}
