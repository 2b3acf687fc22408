// `explain`: one model, one image, one or more methods; writes
// <out>/<stem>.<method>.npy (raw float32 [H,W]) and .png (overlay).
// Operations: openModel, openImage, imagePixels (the overlay shows the image as
// the engine decoded it), then explain per method. --target-region (segmentation
// models): predicted, all, or a mask image read by the same openImage (white = inside).
// --dicom-out DIR (DICOM inputs): one Secondary Capture per map, de-identified
// unless --identifiable (exportDicomSc). --trust: each map's trust card
// (trustCard: sparseness, max-sensitivity, random-logit, ADCC vs Fake-CAM) in <out>/trust.json.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClassScore, StudioBackend, TargetRegion } from '../api/types';
import { StudioError } from '../api/errors';
import { encodeNpy } from '../shared/npy';
import { writeOverlayPng } from '../io/overlay';
import { COMMON_OPTIONS, parseList, parsePreprocess, parseSets, parseTarget, requireOpt, withBackend } from './common';

export async function explainCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      image: { type: 'string' },
      method: { type: 'string', default: 'saliency' },
      target: { type: 'string' },
      layer: { type: 'string' },
      out: { type: 'string' },
      'target-region': { type: 'string' },
      'dicom-out': { type: 'string' },
      identifiable: { type: 'boolean', default: false },
      trust: { type: 'boolean', default: false },
    },
    strict: true,
  });
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
    // One salt per run: every capture of this run shares the remapped study and one new series.
    const privacy = { identifiable: values.identifiable, salt: randomBytes(16).toString('hex'), dates: 'shift' as const };
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
      await writeFile(npy, encodeNpy(r.map, r.shape));
      await writeOverlayPng(png, pixels, r.map, r.shape, { colormap: 'inferno', opacity: 0.6, mode: 'abs' });
      let dicom: string | undefined;
      if (dicomOut) {
        const sc = await api.exportDicomSc({
          imageId: image.id,
          map: r.map,
          shape: r.shape,
          // The PNG's look (flat blend): the capture holds exactly the PNG's pixels.
          style: { colormap: 'inferno', opacity: 0.6, mode: 'abs', alpha: 'flat' },
          method: labels.get(method) ?? method,
          target: `${r.target.label} (${r.target.index})`,
          layer: values.layer ?? null,
          privacy,
          seriesInstanceUID: series,
          instanceNumber: i + 1,
        });
        series = sc.seriesInstanceUID;
        dicom = join(dicomOut, `${stem}.${method}.sc.dcm`);
        await writeFile(dicom, sc.bytes);
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
