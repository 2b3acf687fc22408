// `merge <shard dir>... --out <dir>`: joins the shards of a job-array run
// (evaluate, explain, sanity, localize, bim: run.json names it) into the
// outputs one unsharded run writes, byte for byte (rows in sorted sample-id
// order, through the command's own writer in run/outputs.ts). Refuses a set
// of shards that is not exactly 0..n−1, each complete, of one configuration.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../api/errors';
import { COMMON_OPTIONS, requireOpt } from './common';
import { OUTPUTS } from './run/outputs';
import { configDiff, type Manifest, newManifest, readManifest, writeManifest } from './run/manifest';
import { readRows, ROWS_FILE } from './run/rows';

/** The shards' manifests checked against each other: one configuration, every index once, each complete. */
export function checkShards(ms: { dir: string; m: Manifest }[]): void {
  if (!ms.length) throw new StudioError('bad-request', 'merge: no shard folders given');
  const [first] = ms;
  for (const { dir, m } of ms.slice(1))
    if (m.configHash !== first.m.configHash)
      throw new StudioError(
        'bad-request',
        `${dir} is a different run from ${first.dir} (differs in: ${configDiff(first.m.config, m.config).join(', ') || 'configHash'})`,
      );
  const counts = [...new Set(ms.map((x) => x.m.shard.count))];
  if (counts.length > 1) throw new StudioError('bad-request', `the shards disagree on the number of shards: ${counts.join(', ')}`);
  const n = counts[0];
  const byIndex = new Map<number, string[]>();
  for (const { dir, m } of ms) byIndex.set(m.shard.index, [...(byIndex.get(m.shard.index) ?? []), dir]);
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  const dup = [...byIndex].filter(([, d]) => d.length > 1).map(([i, d]) => `${i} (${d.join(', ')})`);
  const problems = [
    ...(missing.length ? [`missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${n}`] : []),
    ...(dup.length ? [`shard${dup.length > 1 ? 's' : ''} given twice: ${dup.join('; ')}`] : []),
    ...ms
      .filter((x) => !x.m.complete)
      .map((x) => `${x.dir} (shard ${x.m.shard.index}) is incomplete: ${x.m.counts.done}/${x.m.counts.expected} done, ${x.m.counts.failed} failed`),
  ];
  if (problems.length) throw new StudioError('bad-request', problems.join('; '));
}

export async function mergeCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, out: { type: 'string' }, report: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const outDir = resolve(requireOpt(values.out, '--out'));
  const dirs = positionals.map((d) => resolve(d)).filter((d) => d !== outDir);
  const ms: { dir: string; m: Manifest }[] = [];
  for (const dir of dirs) {
    const m = await readManifest(dir);
    if (!m) throw new StudioError('not-found', `${dir}: no run.json (not a shard folder)`);
    ms.push({ dir, m });
  }
  checkShards(ms);
  const first = ms[0].m;
  const command = first.config.command;
  const outputs = OUTPUTS[command];
  if (!outputs) throw new StudioError('bad-request', `merge: ${command} runs are not sharded (run.json in ${ms[0].dir})`);
  if (values.report != null && !outputs.report) {
    const reporting = Object.keys(OUTPUTS).filter((c) => OUTPUTS[c].report);
    throw new StudioError('bad-request', `merge --report: ${command} runs have no HTML report (${reporting.join(' and ')} runs do)`);
  }
  const entries: { id: string }[] = [];
  const from = new Map<string, string>();
  for (const { dir } of ms)
    for (const e of await readRows<{ id: string }>(join(dir, ROWS_FILE), false)) {
      if (from.has(e.id)) throw new StudioError('bad-request', `${e.id} is in both ${from.get(e.id)} and ${dir}`);
      from.set(e.id, dir);
      entries.push(e);
    }
  const meta = ms.find((x) => x.m.meta)?.m.meta ?? null;
  if (!meta) throw new StudioError('bad-request', 'merge: no shard has any rows');
  const { json, lines } = await outputs.write(entries, meta, outDir, { report: values.report ? resolve(values.report) : undefined, from });
  const expected = ms.reduce((a, x) => a + x.m.counts.expected, 0);
  const m = newManifest(['merge', ...argv], first.config, { index: 0, count: 1 }, expected);
  await writeManifest(outDir, {
    ...m,
    meta,
    backend: (meta as { backend?: string }).backend,
    seconds: Math.round(ms.reduce((a, x) => a + x.m.seconds, 0) * 100) / 100,
    endedAt: new Date().toISOString(),
    counts: { expected, done: entries.length, failed: 0 },
    complete: entries.length === expected,
    merged: ms.map((x) => ({ dir: x.dir, shard: x.m.shard, seconds: x.m.seconds, host: x.m.host.hostname })),
  } as Manifest);
  if (values.json) return out(JSON.stringify(json));
  for (const l of lines) out(l);
  out(`${entries.length} samples from ${ms.length} shards of ${command}; outputs in ${outDir}`);
}
