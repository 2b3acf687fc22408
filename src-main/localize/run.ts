// Localisation as an engine job: a saliency map from any registry method, then
// graph-cut (or threshold) segmentation, the box of the largest component, and
// scores against a ground-truth `<stem>.mask.png` when one sits beside the
// image. `evaluateManifest` runs that over a sample set (the chest phantoms).
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ExplainRequest, ExplainResult, ImageInfo, LocalizeEvalResult, LocalizeRequest, LocalizeResult, ModelInfo, Segmenter } from '../api/types';
import { StudioError } from '../api/errors';
import { parseJsonQuietly } from '../model/files';
import { readRegularText, resolveInside } from '../core/safe-read';
import type { CancelSignal } from '../explainers/types';
import { loadImageFile } from '../io/load';
import { modelToUnit } from '../visualize/deprocess';
import { localizeRows } from './aggregate';
import { largestComponentBox } from './box';
import { graphCutSegment, thresholdSegment } from './graphcut';
import { boxIou, maskIou, pointingHit } from './metrics';

/** What localisation needs from the engine. */
export interface LocalizeDeps {
  model(modelId: string): ModelInfo;
  imagePath(imageId: string): string;
  input(modelId: string, imageId: string): tf.Tensor4D;
  explain(req: ExplainRequest & { jobId: string }): Promise<ExplainResult>;
  openImage(req: { path: string }): Promise<ImageInfo>;
  forgetImage(imageId: string): void;
}

/** `<dir>/<stem>.mask.png` for `<dir>/<stem>.<ext>`, if it exists. */
export function truthPathFor(imagePath: string): string | null {
  if (!isAbsolute(imagePath)) return null;
  const p = join(dirname(imagePath), `${basename(imagePath, extname(imagePath))}.mask.png`);
  return existsSync(p) ? p : null;
}

/** A ground-truth mask file at [h, w] (nearest neighbour), 1 where the stored value is non-zero. */
export async function loadTruth(path: string, h: number, w: number): Promise<Uint8Array> {
  const img = await loadImageFile(path);
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor(((y + 0.5) * img.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor(((x + 0.5) * img.width) / w));
      out[y * w + x] = img.data[(sy * img.width + sx) * img.channels] > 0 ? 1 : 0;
    }
  }
  return out;
}

export async function localizeImage(deps: LocalizeDeps, req: LocalizeRequest): Promise<LocalizeResult> {
  const t0 = performance.now();
  const method = req.method ?? 'saliency';
  const segmenter: Segmenter = req.segmenter ?? 'graphcut';
  const r = await deps.explain({ jobId: req.jobId, modelId: req.modelId, imageId: req.imageId, method, target: req.target, params: req.params });
  const [h, w] = r.shape;
  const info = deps.model(req.modelId);
  // The colour model sees the image as the model does, back in 0…1.
  const x = deps.input(req.modelId, req.imageId);
  const unit = tf.tidy(() => modelToUnit(x, info.preprocess).clipByValue(0, 1));
  const colours = (await unit.data()) as Float32Array;
  tf.dispose([x, unit]);
  if (x.shape[1] !== h || x.shape[2] !== w) throw new StudioError('internal', `${method} returned a ${h}×${w} map for a ${x.shape[1]}×${x.shape[2]} input`);
  const seg =
    segmenter === 'graphcut'
      ? graphCutSegment(colours, x.shape[3], r.map, h, w, { fgQuantile: req.fgQuantile, bgQuantile: req.bgQuantile })
      : thresholdSegment(r.map, req.fgQuantile ?? 0.95);
  const box = largestComponentBox(seg.mask, h, w);
  const out: LocalizeResult = {
    jobId: req.jobId,
    method,
    segmenter,
    target: r.target,
    shape: [h, w],
    saliency: r.map,
    mask: seg.mask,
    box,
    fgSeeds: seg.seeds.fgCount,
    bgSeeds: seg.seeds.bgCount,
    ms: 0,
  };
  const truthPath = truthPathFor(deps.imagePath(req.imageId));
  // (Uploaded images carry only a file name: truthPathFor finds nothing for them.)
  if (truthPath) {
    const gt = await loadTruth(truthPath, h, w);
    if (gt.some((v) => v))
      out.truth = { iou: maskIou(seg.mask, gt), boxIou: boxIou(box, largestComponentBox(gt, h, w)), pointing: pointingHit(r.map, gt, h, w) };
  }
  out.ms = performance.now() - t0;
  return out;
}

interface ManifestEntry {
  file: string;
  mask?: string;
  hasNodule?: boolean;
}

/** A sample list is small; a path naming a FIFO, a device or a huge file is refused before it is read. */
export const MANIFEST_BYTE_LIMIT = 64 * 1024 * 1024;

/**
 * Bounded, regular-file-only read; a parse error names the file and the byte
 * offset, never the text (V8's JSON messages quote it).
 */
export async function readManifest(path: string): Promise<ManifestEntry[]> {
  const text = await readRegularText(path, { maxBytes: MANIFEST_BYTE_LIMIT, label: path });
  const entries = parseJsonQuietly(path, text, 'bad-manifest');
  if (!Array.isArray(entries) || !entries.every((x) => x && typeof x === 'object' && typeof (x as ManifestEntry).file === 'string')) {
    throw new StudioError('bad-manifest', `${path}: must be a list of {file, mask?, hasNodule?} entries`);
  }
  return entries as ManifestEntry[];
}

/** The entries evaluateManifest scores: those with a mask and not labelled nodule-free (an empty mask has nothing to localise). */
export const scoredEntries = (entries: ManifestEntry[]): ManifestEntry[] => entries.filter((e) => e.mask && e.hasNodule !== false);

/**
 * Mean IoU, box IoU and pointing-game hit rate per (method, segmenter) over the
 * manifest's samples whose ground truth is non-empty (an empty mask has nothing to localise).
 */
export async function evaluateManifest(
  deps: LocalizeDeps,
  req: {
    jobId: string;
    modelId: string;
    manifest: string;
    methods?: string[];
    segmenters?: Segmenter[];
    target?: number;
    fgQuantile?: number;
    bgQuantile?: number;
    /** The entries (their `file` as written) to run; absent: all. */
    files?: string[];
  },
  signal: CancelSignal,
  progress: (done: number, total: number, message: string) => void = () => {},
): Promise<LocalizeEvalResult> {
  const t0 = performance.now();
  const entries = await readManifest(req.manifest);
  // A shard of a job array runs some of the files; one the manifest does not list is a mistake, not an empty shard.
  const only = req.files ? new Set(req.files) : null;
  if (only) {
    const listed = new Set(entries.map((e) => e.file));
    const unknown = [...only].filter((f) => !listed.has(f));
    if (unknown.length) throw new StudioError('bad-request', `${basename(req.manifest)} does not list ${unknown.map((f) => `"${f.slice(0, 80)}"`).join(', ')}`);
  }
  const info = deps.model(req.modelId);
  const methods = req.methods?.length ? req.methods : ['saliency'];
  const segmenters: Segmenter[] = req.segmenters?.length ? req.segmenters : ['graphcut', 'threshold'];
  // The object class: "nodule" where labelled, else the caller's target, else the last class.
  const nodule = info.labels?.indexOf('nodule') ?? -1;
  const target = req.target ?? (nodule >= 0 ? nodule : info.numClasses - 1);
  const dir = dirname(req.manifest);
  const samples: LocalizeEvalResult['samples'] = [];
  const pending = scoredEntries(entries).filter((e) => !only || only.has(e.file));
  const total = pending.length * methods.length * segmenters.length;
  let done = 0;
  for (const e of pending) {
    // A manifest names files beside it, never elsewhere (realpath, symlinks included).
    const file = await resolveInside(dir, e.file, `${basename(req.manifest)}: "${e.file.slice(0, 80)}"`);
    if (!file) throw new StudioError('not-found', `${basename(req.manifest)}: sample "${e.file.slice(0, 80)}" is missing`);
    const img = await deps.openImage({ path: file });
    try {
      for (const method of methods) {
        for (const segmenter of segmenters) {
          signal.check();
          // Inner jobs get their own ids: the outer job's token and progress stay its own.
          const r = await localizeImage(deps, {
            jobId: `${req.jobId}/${done}`,
            modelId: req.modelId,
            imageId: img.id,
            method,
            segmenter,
            target,
            fgQuantile: req.fgQuantile,
            bgQuantile: req.bgQuantile,
          });
          if (r.truth) samples.push({ file: e.file, method, segmenter, ...r.truth });
          progress(++done, total, `${e.file} ${method}/${segmenter}`);
        }
      }
    } finally {
      deps.forgetImage(img.id);
    }
  }
  return { jobId: req.jobId, manifest: req.manifest, rows: localizeRows(samples, methods, segmenters), samples, ms: performance.now() - t0 };
}
