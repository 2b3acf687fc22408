// Where a result came from: the model and image it was computed on, by id
// (ids change each time a file opens, so a reopened model is another one) and
// by name (what the user reads). A result whose source is not the current
// model and image is marked "from <model> on <image>", never shown as current.
import type { ImageInfo, ModelInfo } from '../../../src-main/api/types';

export interface Provenance {
  modelId: string;
  modelName: string;
  /** null: the result does not depend on the current image (demo samples, a folder). */
  imageId: string | null;
  /** The image, or what the run read instead of it ("5 demo samples", a folder). */
  imageName: string | null;
}

/** The source of a run on `model` and, when it uses it, the current `image` (else `other` names what it read). */
export function provenanceOf(model: Pick<ModelInfo, 'id' | 'name'>, image: Pick<ImageInfo, 'id' | 'name'> | null, other: string | null = null): Provenance {
  return image
    ? { modelId: model.id, modelName: model.name, imageId: image.id, imageName: image.name }
    : { modelId: model.id, modelName: model.name, imageId: null, imageName: other };
}

/** The result belongs to what is open now. */
export function isCurrent(p: Provenance, model: Pick<ModelInfo, 'id'> | null, image: Pick<ImageInfo, 'id'> | null): boolean {
  return p.modelId === model?.id && (p.imageId === null || p.imageId === image?.id);
}

/** "from digits-cnn on digit-3.png" */
export function fromCaption(p: Provenance): string {
  return p.imageName ? `from ${p.modelName} on ${p.imageName}` : `from ${p.modelName}`;
}

/** The caption above a result: where it came from, and when that is not what is open, what is. */
export function sourceNote(p: Provenance, model: Pick<ModelInfo, 'id' | 'name'> | null, image: Pick<ImageInfo, 'id' | 'name'> | null): string {
  const said = `Results ${fromCaption(p)}`;
  if (p.modelId !== model?.id) return `Out of date: ${said}; ${model ? `the open model is ${model.name}` : 'no model is open'}`;
  if (p.imageId !== null && p.imageId !== image?.id) return `Out of date: ${said}; ${image ? `the open image is ${image.name}` : 'no image is open'}`;
  return said;
}
