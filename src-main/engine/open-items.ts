// The engine's open models and images: ids, lookups, the model input of an
// image, and the memory budget that bounds the images (least recently used go
// first). Pure bookkeeping over the loaders; no jobs, no tfjs scopes.
import os from 'node:os';
import { basename } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import type { DicomTagsResult, ImageInfo, ImagePixels, ImageTile, InputPreview, ModelInfo, PreprocessSpec, UploadedFile } from '../api/types';
import { type DecodedImage, imageInfoFields } from '../io/decoded';
import { displayLevel } from '../io/level';
import { loadImageBytes, loadImageFile } from '../io/load';
import { rasterLevel } from '../io/raster-level';
import { cutTile, type TileRequest } from '../io/tile';
import type { Classifier } from '../model/classifier';
import { loadModelFromPath, loadModelFromUploads } from '../model/load';
import { preprocess } from '../model/preprocess';
import { fullSpec, inputPreview } from '../model/input-preview';

/** Memory the open images may hold (SALIENCY_IMAGE_BUDGET_MB; default 2 GiB or a quarter of RAM, the smaller). */
function imageBudgetBytes(): number {
  const mb = Number(process.env.SALIENCY_IMAGE_BUDGET_MB);
  if (Number.isFinite(mb) && mb > 0) return mb * 2 ** 20;
  return Math.min(2 * 2 ** 30, os.totalmem() / 4);
}

export interface OpenModel {
  info: ModelInfo;
  classifier: Classifier;
}
export interface OpenImage {
  info: ImageInfo;
  decoded: DecodedImage;
  /** An uploaded DICOM file's bytes: what a Secondary Capture export copies patient and study from (engine/dicom-export.ts). */
  source?: Uint8Array;
}

export class OpenItems {
  private models = new Map<string, OpenModel>();
  private images = new Map<string, OpenImage>();
  private seq = 0;

  private nextId(kind: string): string {
    return `${kind}-${++this.seq}`;
  }

  async openModel(req: { path?: string; files?: UploadedFile[]; preprocess?: Partial<PreprocessSpec> }): Promise<ModelInfo> {
    const loaded = req.files?.length
      ? await loadModelFromUploads(req.files, req.preprocess)
      : req.path
        ? await loadModelFromPath(req.path, req.preprocess)
        : null;
    if (!loaded) throw new StudioError('bad-request', 'openModel needs a path or files');
    const info: ModelInfo = { id: this.nextId('model'), ...loaded.info };
    this.models.set(info.id, { info, classifier: loaded.classifier });
    return info;
  }

  async openImage(req: { path?: string; file?: UploadedFile; frame?: number }): Promise<ImageInfo> {
    const decoded = req.file ? await loadImageBytes(req.file.name, req.file.bytes, req.frame) : req.path ? await loadImageFile(req.path, req.frame) : null;
    if (!decoded) throw new StudioError('bad-request', 'openImage needs a path or a file');
    const path = req.path ?? req.file?.name ?? '';
    const info: ImageInfo = { id: this.nextId('image'), path, name: basename(path), ...imageInfoFields(decoded) };
    this.images.set(info.id, { info, decoded, ...(req.file && decoded.kind === 'dicom' ? { source: req.file.bytes } : {}) });
    this.evictImages(info.id);
    return info;
  }

  /**
   * Bounds the open images by memory: past the budget, the least recently
   * used go (never the one just opened). A running job keeps its own reference,
   * so evicting an image it uses does not break it; later calls with the id get
   * 'unknown-image' and the page reopens it.
   */
  private evictImages(keep: string): void {
    // From the size, not data.byteLength: reading a raster's data makes its Float32 copy (io/image.ts).
    const bytes = ({ decoded: d }: OpenImage): number => d.width * d.height * d.channels * 4 + (d.source?.bytes.byteLength ?? 0);
    let total = 0;
    for (const i of this.images.values()) total += bytes(i);
    for (const [id, img] of this.images) {
      if (total <= imageBudgetBytes()) break;
      if (id === keep) continue;
      this.images.delete(id);
      total -= bytes(img);
    }
  }

  /** Forgets a model and returns it (the caller disposes it once no job uses it). */
  removeModel(id: string): OpenModel | null {
    const m = this.models.get(id) ?? null;
    this.models.delete(id);
    return m;
  }

  closeImage(id: string): boolean {
    return this.images.delete(id);
  }

  /** The full image, or with maxSide a display level of it (io/level.ts). */
  async pixels(id: string, maxSide?: number): Promise<ImagePixels> {
    const img = this.image(id).decoded;
    // A raster decoded again at the level's size is faster than reducing the full image here; the box level is the fallback.
    const fromFile = maxSide === undefined ? null : await rasterLevel(img, maxSide).catch(() => null);
    return fromFile ?? displayLevel(img, maxSide);
  }

  /** A region at full resolution, bounded by maxSide (io/tile.ts). */
  tile(id: string, region: TileRequest): ImageTile {
    return cutTile(this.image(id).decoded, region);
  }

  /** An open DICOM image's elements (built when it was decoded). */
  tags(id: string): DicomTagsResult {
    const img = this.image(id);
    if (!img.decoded.dicomTags) throw new StudioError('bad-request', `${img.info.name} is not a DICOM image: it has no tags`);
    return img.decoded.dicomTags;
  }

  model(id: string): OpenModel {
    const m = this.models.get(id);
    if (!m) throw new StudioError('unknown-model', `no open model "${id}"`);
    return m;
  }

  image(id: string): OpenImage {
    const i = this.images.get(id);
    if (!i) throw new StudioError('unknown-image', `no open image "${id}" (closed, or released to stay within the memory budget: open it again)`);
    // Most recently used last: Map order is the LRU order.
    this.images.delete(id);
    this.images.set(id, i);
    return i;
  }

  /** Model input for an image; errors name both when the channels cannot be matched. */
  input(modelId: string, imageId: string): tf.Tensor4D {
    const { info, classifier } = this.model(modelId);
    const img = this.image(imageId);
    try {
      return preprocess(img.decoded, info.preprocess, classifier.inputHeight, classifier.inputWidth, classifier.inputChannels);
    } catch (e) {
      throw new StudioError('bad-input', `${img.info.name} cannot be fed to ${info.name}: ${(e as Error).message}`);
    }
  }

  /** What the model sees of an image (model/input-preview.ts): under its spec, or a draft one (fields left out take the preset's defaults). */
  preview(modelId: string, imageId: string, draft?: Partial<PreprocessSpec>): InputPreview {
    const { info, classifier } = this.model(modelId);
    const img = this.image(imageId);
    try {
      const spec = draft ? fullSpec(draft, info.preprocess) : info.preprocess;
      return inputPreview(img.decoded, spec, classifier.inputHeight, classifier.inputWidth, classifier.inputChannels);
    } catch (e) {
      throw new StudioError('bad-input', `${img.info.name} cannot be fed to ${info.name}: ${(e as Error).message}`);
    }
  }

  clear(): void {
    for (const m of this.models.values()) m.classifier.dispose();
    this.models.clear();
    this.images.clear();
  }
}
