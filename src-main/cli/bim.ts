// `bim`: the BIM benchmark end to end on the committed demo pairs. Writes
// <out>/bim-<variant>.csv (one row per method) and <out>/bim-<variant>.json
// (the whole result); prints the table, or the JSON with --json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BimVariant } from '../api/bim-types';
import { StudioError } from '../api/errors';
import { backendInfo, initBackend } from '../engine/backend';
import { CancelToken } from '../engine/jobs';
import { getEvalMethod } from '../metrics/controls';
import { bimCsv, bimJson, bimTable } from '../bim/report';
import { runBim } from '../bim/run';
import { COMMON_OPTIONS, parseSets, requireOpt } from './common';

export async function bimCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, methods: { type: 'string' }, method: { type: 'string' }, variant: { type: 'string', default: 'objects' }, n: { type: 'string' }, t: { type: 'string' }, 'no-tcav': { type: 'boolean', default: false }, out: { type: 'string' } },
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const variant = values.variant as BimVariant;
  if (variant !== 'objects' && variant !== 'chest-marker') throw new StudioError('bad-arg', `--variant must be objects or chest-marker, got "${values.variant}"`);
  const methods = (values.methods ?? values.method)?.split(',').map((s) => s.trim()).filter(Boolean);
  methods?.forEach(getEvalMethod);
  const n = values.n == null ? undefined : Number(values.n);
  if (n != null && !(Number.isInteger(n) && n >= 1)) throw new StudioError('bad-arg', `--n must be a positive integer, got "${values.n}"`);
  const t = values.t == null ? undefined : Number(values.t);
  if (t != null && !(t > 0 && t < 1)) throw new StudioError('bad-arg', `--t must be in (0, 1), got "${values.t}"`);
  // --set k=v applies to every chosen method that has the parameter.
  const sets = parseSets(values.set);
  const params = Object.fromEntries((methods ?? []).map((id) => [id, Object.fromEntries(Object.entries(sets).filter(([k]) => getEvalMethod(id).params.some((p) => p.name === k)))]));
  const engine = backendInfo(await initBackend());
  let last = -1;
  const ctx = {
    signal: new CancelToken(),
    progress: (done: number, total: number, message?: string) => {
      const pct = Math.floor((100 * done) / total);
      if (!values.json && pct >= last + 10) {
        last = pct;
        err(`${pct}% ${message ?? ''}`);
      }
    },
  };
  const r = await runBim({ jobId: 'cli', variant, methods, n, t, params, tcav: !values['no-tcav'] }, ctx);
  await mkdir(outDir, { recursive: true });
  const files = { csv: join(outDir, `bim-${variant}.csv`), json: join(outDir, `bim-${variant}.json`) };
  const result = { backend: engine.backend, ...r, files };
  await writeFile(files.csv, bimCsv(r));
  await writeFile(files.json, bimJson(result, 2));
  out(values.json ? bimJson(result) : `${bimTable(r)}\nwrote ${files.csv} and ${files.json} (${(r.ms / 1000).toFixed(1)} s, ${engine.backend})`);
}
