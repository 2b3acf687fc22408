// explain --images --dicom-out over a study folder of two series (real files with
// new UIDs, io/testing/dicom-study-fixtures.ts), unsharded and as 2 shards that
// share one --salt-file and one capture folder: the two dog instances fall in
// different shards (shardOf: a-dog-1 → 1, b-dog-2 → 0), yet their captures land
// in one study and one series per method, numbered as their sources; every
// capture passes dciodvfy and carries no identifying value of its source.
import dicomParser from 'dicom-parser';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remapUid } from '../io/deidentify';
import { dciodvfy } from '../io/testing/dciodvfy';
import { SERIES, STUDY_UID, writeStudyFolder } from '../io/testing/dicom-study-fixtures';
import { identifyingValues, leaks } from '../io/testing/identifying';
import { runCli } from '../testing/cli-inproc';
import { demo, HAVE_SHARED } from '../testing/shared-data';
import { shardOf } from './run/shards';

const str = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim();
const IMAGES = ['a-dog-1.dcm', 'b-dog-2.dcm', 'c-cspine-1.dcm'];
const CAPTURES = IMAGES.flatMap((f) => ['gradcam', 'saliency'].map((m) => `${f.replace('.dcm', '')}.${m}.sc.dcm`)).sort();

describe.skipIf(!HAVE_SHARED)('explain --images --dicom-out', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-dicom-folder-'));
  const study = join(root, 'study');
  mkdirSync(study);
  writeStudyFolder(study);
  unlinkSync(join(study, 'notes.txt'));
  const salt = join(root, 'secret', 'salt');
  mkdirSync(join(root, 'secret'));
  const args = (out: string, dicom: string, ...more: string[]) => [
    ...['explain', '--model', demo('chest', 'model.json'), '--images', study, '--method', 'gradcam,saliency'],
    ...['--out', out, '--dicom-out', dicom, '--salt-file', salt, '--progress', 'none', ...more],
  ];

  it('unsharded = 2 shards merged (the rows name the captures); the shards’ captures agree: one study, a series per source series and method', async () => {
    expect(IMAGES.map((id) => shardOf(id, 2))).toEqual([1, 0, 0]);
    const whole = await runCli(args(join(root, 'whole'), join(root, 'dcm-whole')));
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toMatch(/^wrote a new salt to .*salt: pass it to every shard/);
    for (const i of [0, 1]) {
      const r = await runCli(args(join(root, `shard-${i}`), join(root, 'dcm-shards'), '--shard-index', String(i), '--num-shards', '2'));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(''); // the salt file exists now: read, not created
    }
    const merged = await runCli(['merge', join(root, 'shard-0'), join(root, 'shard-1'), '--out', join(root, 'merged')]);
    expect(merged.code, merged.stderr).toBe(0);
    const csv = readFileSync(join(root, 'whole', 'explanations.csv'), 'utf8');
    expect(readFileSync(join(root, 'merged', 'explanations.csv'), 'utf8')).toBe(csv);
    expect(csv.split('\n')[0]).toBe('image,method,target,label,logit,probability,min,max,npy,png,dicom');
    expect(csv).toContain(',maps/a-dog-1.gradcam.npy,maps/a-dog-1.gradcam.png,a-dog-1.gradcam.sc.dcm\n');
    // run.json names the salt by its id, never the salt itself.
    const secret = readFileSync(salt, 'utf8').trim();
    expect(readFileSync(join(root, 'whole', 'run.json'), 'utf8')).not.toContain(secret);

    const sourceValues = IMAGES.map((f) => identifyingValues(new Uint8Array(readFileSync(join(study, f)))));
    const read = (dir: string) => {
      expect(readdirSync(dir).sort()).toEqual(CAPTURES);
      return new Map(
        CAPTURES.map((f) => {
          const path = join(dir, f);
          expect(
            dciodvfy(path).filter((l) => /^Error/.test(l)),
            f,
          ).toEqual([]);
          const bytes = new Uint8Array(readFileSync(path));
          for (const v of sourceValues) expect(leaks(bytes, v), f).toEqual([]);
          const ds = dicomParser.parseDicom(bytes);
          return [f, { study: str(ds, 'x0020000d'), series: str(ds, 'x0020000e'), number: str(ds, 'x00200013'), sop: str(ds, 'x00080018') }];
        }),
      );
    };
    const a = read(join(root, 'dcm-whole'));
    const b = read(join(root, 'dcm-shards'));
    // The same run (one configuration hash), sharded or not: the same study, series, numbers and instances.
    for (const f of CAPTURES) expect(b.get(f), f).toEqual(a.get(f));
    const g = (f: string) => a.get(f)!;
    expect(new Set([...a.values()].map((x) => x.study))).toEqual(new Set([remapUid(STUDY_UID, secret)]));
    // The dog's two instances (shards 1 and 0): one series per method, numbered 1 and 2 as their sources.
    expect(g('a-dog-1.gradcam.sc.dcm').series).toBe(g('b-dog-2.gradcam.sc.dcm').series);
    expect([g('a-dog-1.gradcam.sc.dcm').number, g('b-dog-2.gradcam.sc.dcm').number]).toEqual(['1', '2']);
    expect(g('a-dog-1.saliency.sc.dcm').series).toBe(g('b-dog-2.saliency.sc.dcm').series);
    const series = new Set([...a.values()].map((x) => x.series));
    expect(series.size).toBe(4); // 2 source series × 2 methods
    for (const s of series) expect([SERIES.dog, SERIES.cspine, remapUid(SERIES.dog, secret), remapUid(SERIES.cspine, secret)]).not.toContain(s);
    expect(new Set([...a.values()].map((x) => x.sop)).size).toBe(6);

    // Another model (its model.json differs by a newline) with the same salt: the same remapped study, but its own series and instances.
    const model = join(root, 'chest-copy');
    cpSync(demo('chest'), model, { recursive: true });
    appendFileSync(join(model, 'model.json'), '\n');
    const r = await runCli(
      args(join(root, 'other-model'), join(root, 'dcm-other')).map((x) => (x === demo('chest', 'model.json') ? join(model, 'model.json') : x)),
    );
    expect(r.code, r.stderr).toBe(0);
    const c = read(join(root, 'dcm-other'));
    for (const f of CAPTURES) {
      expect(c.get(f)!.study).toBe(a.get(f)!.study);
      expect(c.get(f)!.series).not.toBe(a.get(f)!.series);
      expect(c.get(f)!.sop).not.toBe(a.get(f)!.sop);
    }
  }, 120_000);

  it('refuses --images --dicom-out without --salt-file, --salt-file without --dicom-out, and a resume with another salt', async () => {
    const none = await runCli(['explain', '--model', demo('chest', 'model.json'), '--images', study, '--out', join(root, 'x'), '--dicom-out', join(root, 'y')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--dicom-out with --images needs --salt-file FILE: the shards and resumed runs must share one de-identification salt/);
    const lone = await runCli(['explain', '--model', demo('chest', 'model.json'), '--images', study, '--out', join(root, 'x'), '--salt-file', salt]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/--salt-file: only with --dicom-out/);
    const other = join(root, 'secret', 'other');
    const r = await runCli(args(join(root, 'whole'), join(root, 'dcm-whole')).map((a) => (a === salt ? other : a)));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/is a different run \(differs in: request\.dicom\)/);
  }, 60_000);

  it('a non-DICOM image in the folder fails by name (--keep-going: the DICOM files are exported, exit 3)', async () => {
    const mixed = join(root, 'mixed');
    mkdirSync(mixed);
    copyFileSync(join(study, 'a-dog-1.dcm'), join(mixed, 'a-dog-1.dcm'));
    copyFileSync(demo('chest', 'samples', 'phantom-01.png'), join(mixed, 'phantom-01.png'));
    const r = await runCli([
      ...['explain', '--model', demo('chest', 'model.json'), '--images', mixed, '--method', 'gradcam', '--progress', 'none', '--keep-going'],
      ...['--out', join(root, 'mixed-out'), '--dicom-out', join(root, 'mixed-dcm'), '--salt-file', salt],
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/phantom-01\.png: --dicom-out needs DICOM inputs; this is not a DICOM file/);
    expect(readdirSync(join(root, 'mixed-dcm'))).toEqual(['a-dog-1.gradcam.sc.dcm']);
  }, 60_000);
});
