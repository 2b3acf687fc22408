// `explain`: one model, one image, one or more methods; writes
// <out>/<stem>.<method>.npy (raw float32 [H,W]) and .png (overlay).
// Operations: openModel, openImage, imagePixels (the overlay shows the image as
// the engine decoded it), then explain per method. --target-region (segmentation
// models): predicted, all, or a mask image read by the same openImage (white = inside).
// --dicom-out DIR (DICOM inputs): one Secondary Capture per map, de-identified
// unless --identifiable (exportDicomSc); --salt-file keeps the remapped UIDs and
// pseudonyms alike across runs, and is required with --images, whose shards and
// resumed runs must agree (their captures: <dir>/<stem>.<method>.sc.dcm, one new
// series per source series and method, numbered as the source). --trust: each map's trust card
// (trustCard: sparseness, max-sensitivity, random-logit, ADCC vs Fake-CAM) in <out>/trust.json.
// --images DIR: every image of the folder as a job-array task (run/*.ts, as
// evaluate): --shard-index/--num-shards (or Slurm's / Kubernetes' index),
// <out>/run.json + rows.jsonl (resumable), --keep-going; maps in
// <out>/maps/<stem>.<method>.npy/.png, <out>/explanations.csv/.json
// (run/explain-outputs.ts); `merge` joins the shards.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, posix, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClassScore, DicomScResult, ExplainResult, ImagePixels, PrivacySettings, StudioBackend, TargetRegion } from '../api/types';
import { StudioError } from '../api/errors';
import { encodeNpy } from '../shared/npy';
import { writeOverlayPng } from '../io/overlay';
import { COMMON_OPTIONS, parseList, parsePreprocess, parseSets, parseTarget, requireOpt, withBackend } from './common';
import { ImagesFailed } from './run/exit-codes';
import type { ExplainEntry, ExplainMapRow, ExplainMeta } from './run/explain-outputs';
import { RUN_OPTIONS, runFlags } from './run/flags';
import { OUTPUTS } from './run/outputs';
import { parseProgress } from './run/progress';
import { runSamples, shardNote } from './run/sample-run';
import { readSaltFile, type Salt } from './salt-file';
import { listSamples, type Sample } from './run/shards';

type Values = ReturnType<typeof parse>['values'];

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      ...RUN_OPTIONS,
      image: { type: 'string' },
      images: { type: 'string' },
      method: { type: 'string', default: 'saliency' },
      target: { type: 'string' },
      layer: { type: 'string' },
      out: { type: 'string' },
      'target-region': { type: 'string' },
      'dicom-out': { type: 'string' },
      'salt-file': { type: 'string' },
      identifiable: { type: 'boolean', default: false },
      trust: { type: 'boolean', default: false },
    },
    strict: true,
  });

/** The same encoders in both modes: raw float32 .npy, inferno overlay .png. */
async function writeMap(npy: string, png: string, pixels: ImagePixels, r: ExplainResult): Promise<void> {
  await mkdir(dirname(npy), { recursive: true });
  await writeFile(npy, encodeNpy(r.map, r.shape));
  await writeOverlayPng(png, pixels, r.map, r.shape, { colormap: 'inferno', opacity: 0.6, mode: 'abs' });
}

export async function explainCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parse(argv);
  if (values.image != null && values.images != null) throw new StudioError('bad-request', '--image and --images: give one (a file, or a folder)');
  if (values.images != null) return explainFolder(values, argv, out, err);
  const runOnly = (Object.keys(RUN_OPTIONS) as (keyof typeof RUN_OPTIONS)[]).filter((k) => values[k] != null && values[k] !== false);
  if (runOnly.length) throw new StudioError('bad-request', `${runOnly.map((k) => `--${k}`).join(', ')}: only with --images <dir> (a sharded, resumable run)`);
  const modelPath = requireOpt(values.model, '--model');
  const imagePath = requireOpt(values.image, '--image');
  const outDir = resolve(requireOpt(values.out, '--out'));
  const methods = parseList(values.method);
  const params = parseSets(values.set);
  const target = parseTarget(values.target);
  await withBackend(async (api) => {
    const info = await api.info();
    const model = await api.openModel({ path: modelPath, preprocess: parsePreprocess(values.preprocess) });
    const image = await api.openImage({ path: imagePath });
    const pixels = { ...(await api.imagePixels({ imageId: image.id })), bitDepth: image.bitDepth };
    const dicomOut = values['dicom-out'] ? resolve(values['dicom-out']) : null;
    if (dicomOut && image.kind !== 'dicom') throw new StudioError('bad-request', `--dicom-out needs a DICOM input; ${image.name} is not one`);
    if (dicomOut) await mkdir(dicomOut, { recursive: true });
    if (dicomOut && values.identifiable) err('warning: --identifiable: the Secondary Captures carry the source patient name, ID and dates');
    // One salt per run (or the --salt-file's, shared with other runs): the captures share the remapped study and one new series.
    const salt = await runSalt(values, dicomOut, [outDir], err);
    const privacy = { identifiable: values.identifiable, salt: salt?.salt ?? randomBytes(16).toString('hex'), dates: 'shift' as const };
    const labels = dicomOut ? new Map((await api.methods()).map((m) => [m.id, m.label])) : new Map<string, string>();
    let series: string | undefined;
    const targetRegion = await readTargetRegion(api, values['target-region']);
    await mkdir(outDir, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const results = [];
    const cards = [];
    let scored: ClassScore | null = null;
    for (const [i, method] of methods.entries()) {
      const r = await api.explain({
        modelId: model.id,
        imageId: image.id,
        method,
        target,
        layer: values.layer ?? null,
        params,
        jobId: `cli-${i}`,
        ...(targetRegion ? { targetRegion } : {}),
      });
      scored = r.target;
      const npy = join(outDir, `${stem}.${method}.npy`);
      const png = join(outDir, `${stem}.${method}.png`);
      await writeMap(npy, png, pixels, r);
      let dicom: string | undefined;
      if (dicomOut) {
        const sc = await mapCapture(api, image.id, r, labels.get(method) ?? method, values.layer ?? null, privacy, {
          seriesInstanceUID: series,
          instanceNumber: i + 1,
        });
        series = sc.seriesInstanceUID;
        dicom = join(dicomOut, `${stem}.${method}.sc.dcm`);
        await writeWhole(dicom, sc.bytes);
      }
      results.push({
        id: method,
        npy,
        png,
        ...(dicom ? { dicom } : {}),
        shape: r.shape,
        min: r.min,
        max: r.max,
        ms: Math.round(r.ms * 10) / 10,
        ...(r.extras ? { extras: r.extras } : {}),
      });
      if (!values.json) err(`${method}: ${r.shape.join('×')} map in ${r.ms.toFixed(0)} ms -> ${npy}`);
      if (values.trust) {
        // The card re-runs the method for its map: the same map for deterministic methods.
        const c = await api.trustCard({ jobId: `cli-trust-${i}`, modelId: model.id, imageId: image.id, method, target, layer: values.layer ?? null, params });
        cards.push({ method, target: c.target, values: c.values, lines: c.lines, ms: Math.round(c.ms) });
        if (!values.json) for (const l of c.lines) err(`  ${l.label}: ${l.value} — ${l.reading} [${l.paper}]`);
      }
    }
    if (values.trust) await writeFile(join(outDir, 'trust.json'), JSON.stringify({ model: model.path, image: imagePath, cards }, null, 2));
    const summary = {
      model: model.path,
      image: imagePath,
      backend: info.backend,
      target: scored,
      methods: results,
      ...(values.trust ? { trust: join(outDir, 'trust.json') } : {}),
    };
    if (values.json) out(JSON.stringify(summary));
    else if (scored) out(`target ${scored.index} (${scored.label}) logit ${scored.logit.toFixed(4)} p=${scored.probability.toFixed(4)}; outputs in ${outDir}`);
  }, values.workers);
}

/**
 * Each sample's map files without the output folder: maps/<id without its
 * extension>, or maps/<id> where two ids share that stem (a.png, a.jpg); from
 * every shard's ids, so all shards name a sample's files alike.
 */
function mapStems(all: Sample[]): Map<string, string> {
  const stem = (id: string): string => id.slice(0, id.length - posix.extname(id).length);
  const n = new Map<string, number>();
  for (const s of all) n.set(stem(s.id), (n.get(stem(s.id)) ?? 0) + 1);
  return new Map(all.map((s) => [s.id, posix.join('maps', n.get(stem(s.id))! > 1 ? s.id : stem(s.id))]));
}

/** --target-region as the configuration hashes it: the word, or the mask file's bytes (not its path). */
async function regionKey(v: string | undefined): Promise<string | null> {
  if (v == null || v === 'predicted' || v === 'all') return v ?? null;
  const bytes = await readFile(v).catch(() => null);
  return bytes ? `sha256:${createHash('sha256').update(bytes).digest('hex')}` : v;
}

/** One map's Secondary Capture, drawn as its PNG is (flat blend), so the capture holds exactly the PNG's pixels. */
function mapCapture(
  api: StudioBackend,
  imageId: string,
  r: ExplainResult,
  method: string,
  layer: string | null,
  privacy: PrivacySettings,
  series: { seriesInstanceUID?: string; instanceNumber?: number } | { seriesKey: string },
): Promise<DicomScResult> {
  const style = { colormap: 'inferno', opacity: 0.6, mode: 'abs', alpha: 'flat' } as const;
  return api.exportDicomSc({ imageId, map: r.map, shape: r.shape, style, method, target: `${r.target.label} (${r.target.index})`, layer, privacy, ...series });
}

/** Written under a temporary name and renamed: a PACS send folder's watcher never picks up half a file. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** --salt-file's salt (said on stderr when it was created now); --salt-file without --dicom-out is refused. */
async function runSalt(values: Values, dicomOut: string | null, outputs: string[], err: (s: string) => void): Promise<Salt | null> {
  const path = values['salt-file'];
  if (path == null) return null;
  if (!dicomOut) throw new StudioError('bad-request', '--salt-file: only with --dicom-out (it keys the de-identified UIDs of the Secondary Captures)');
  const salt = await readSaltFile(path, [...outputs, dicomOut]);
  if (salt.created)
    err(`wrote a new salt to ${path}: pass it to every shard and later run whose captures should remap alike; keep it secret, apart from the outputs`);
  if (salt.loose)
    err(`warning: --salt-file ${path} can be read by others (chmod 600 it): with it, anyone can test guesses of a patient's ID against the pseudonyms`);
  return salt;
}

/** explain --images: one row per image (run/explain-outputs.ts), through runSamples. */
async function explainFolder(values: Values, argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const modelPath = requireOpt(values.model, '--model');
  const outDir = resolve(requireOpt(values.out, '--out'));
  // The shards of a job array and a resumed run each start afresh: only a salt they all read can make their captures agree
  // (one remapped study, one series per source series); a salt kept in run.json would undo the privacy.
  const dicomOut = values['dicom-out'] != null ? resolve(values['dicom-out']) : null;
  if (dicomOut && values['salt-file'] == null)
    throw new StudioError(
      'bad-request',
      '--dicom-out with --images needs --salt-file FILE: the shards and resumed runs must share one de-identification salt (a missing FILE is created; keep it apart from the outputs)',
    );
  const salt = await runSalt(values, dicomOut, [outDir], err);
  const methods = parseList(values.method);
  const params = parseSets(values.set);
  const target = parseTarget(values.target);
  const preprocess = parsePreprocess(values.preprocess);
  const layer = values.layer ?? null;
  const run = runFlags(values);
  const progress = parseProgress(values.progress, values.json);
  const all = await listSamples(values.images!);
  const stems = mapStems(all);
  const request = {
    methods,
    params,
    target,
    layer,
    preprocess,
    targetRegion: await regionKey(values['target-region']),
    trust: values.trust,
    // The salt by its id: a resume or shard with another salt is a configuration mismatch.
    ...(salt ? { dicom: { identifiable: values.identifiable, salt: salt.id } } : {}),
  };
  const privacy = salt ? { identifiable: values.identifiable, salt: salt.salt, dates: 'shift' as const } : null;
  if (privacy?.identifiable) err('warning: --identifiable: the Secondary Captures carry the source patient name, ID and dates');
  const { json, lines, shard } = await withBackend(async (api) => {
    const info = await api.info();
    // Opened before the session, so a model that cannot open leaves no run.json behind.
    const model = await api.openModel({ path: modelPath, preprocess });
    const targetRegion = await readTargetRegion(api, values['target-region']);
    const meta: ExplainMeta = { model: model.path, name: model.name, backend: info.backend, methods };
    const labels = new Map((await api.methods()).map((m) => [m.id, m.label]));
    let jobId = '';
    // configHash (run.json's: model bytes, images, versions, canonical request) keys the captures' series and
    // instances, so every shard and resumed attempt of this run agrees, and any other run differs.
    const one = async (s: Sample, k: number, configHash: string): Promise<ExplainEntry> => {
      const image = await api.openImage({ path: s.path });
      try {
        if (privacy && image.kind !== 'dicom') throw new StudioError('unsupported-input', `--dicom-out needs DICOM inputs; this is not a DICOM file`);
        const pixels = { ...(await api.imagePixels({ imageId: image.id })), bitDepth: image.bitDepth };
        const maps: ExplainMapRow[] = [];
        let scored: ClassScore | null = null;
        for (const [i, method] of methods.entries()) {
          jobId = `cli-${k}-${i}`;
          const req = { modelId: model.id, imageId: image.id, method, target, layer, params, jobId, ...(targetRegion ? { targetRegion } : {}) };
          const r = await api.explain(req);
          scored ??= r.target;
          const rel = `${stems.get(s.id)!}.${method}`;
          await writeMap(join(outDir, `${rel}.npy`), join(outDir, `${rel}.png`), pixels, r);
          const row: ExplainMapRow = { id: method, npy: `${rel}.npy`, png: `${rel}.png`, shape: r.shape, min: r.min, max: r.max };
          if (privacy && dicomOut) {
            const sc = await mapCapture(api, image.id, r, labels.get(method) ?? method, layer, privacy, { seriesKey: `${configHash.slice(0, 32)}:${method}` });
            // Named like the maps, relative to --dicom-out (which the shards may share).
            row.dicom = `${posix.relative('maps', rel)}.sc.dcm`;
            await writeWhole(join(dicomOut, row.dicom), sc.bytes);
          }
          if (values.trust) {
            jobId = `cli-trust-${k}-${i}`;
            const c = await api.trustCard({ jobId, modelId: model.id, imageId: image.id, method, target, layer, params });
            row.trust = { values: c.values, lines: c.lines };
          }
          maps.push(row);
        }
        const t = scored!;
        return { id: s.id, target: { index: t.index, label: t.label, logit: t.logit, probability: t.probability }, methods: maps };
      } finally {
        await api.closeImage({ imageId: image.id });
      }
    };
    const r = await runSamples<ExplainEntry, ExplainMeta>({
      command: 'explain',
      argv,
      outDir,
      all,
      request,
      modelPath,
      flags: run,
      progress,
      err,
      cancel: () => void (jobId && api.cancel({ jobId }).catch(() => undefined)),
      async compute(part, k, { configHash }) {
        const entries: ExplainEntry[] = [];
        for (const s of part) entries.push(await one(s, k, configHash));
        return { entries, meta };
      },
    });
    const written = await OUTPUTS.explain.write(r.entries, r.meta ?? meta, outDir, {});
    if (r.failures.length) throw new ImagesFailed(r.failures);
    return { ...written, shard: r.shard };
  }, values.workers);
  if (values.json) return out(JSON.stringify(json));
  for (const l of lines) out(l);
  out(`${(json as { images: number }).images} images${shardNote(shard)}; outputs in ${outDir}`);
}

/**
 * --target-region: "predicted", "all", or a mask image (PNG…) decoded by the
 * engine like any image; a pixel is inside where its grey (the mean of its
 * colour channels) is above half the bit depth's range: white = inside.
 */
async function readTargetRegion(api: StudioBackend, v: string | undefined): Promise<TargetRegion | undefined> {
  if (v == null || v === 'predicted' || v === 'all') return v;
  const img = await api.openImage({ path: v });
  try {
    const px = await api.imagePixels({ imageId: img.id });
    const mid = img.bitDepth === 32 ? (img.min + img.max) / 2 : (2 ** img.bitDepth - 1) / 2;
    const colours = Math.min(3, px.channels);
    const mask = new Uint8Array(px.width * px.height);
    for (let i = 0; i < mask.length; i++) {
      let grey = 0;
      for (let c = 0; c < colours; c++) grey += px.data[i * px.channels + c];
      mask[i] = grey / colours > mid ? 1 : 0;
    }
    return { width: px.width, height: px.height, mask };
  } finally {
    await api.closeImage({ imageId: img.id });
  }
}
