// The engine-side form of a loaded image, shared by every decoder. It carries
// everything the API's ImageInfo/ImagePixels need (see toImagePixels/imageInfoFields).
import type { DicomTagsResult } from '../api/dicom-types';
import type { DicomHeader, ImageInfo, ImagePixels } from '../api/types';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff' | 'gif' | 'dicom';

export interface DecodedImage {
  kind: 'raster' | 'dicom';
  format: ImageFormat;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  bitDepth: 8 | 16 | 32;
  /** Row-major HWC. Raster: stored samples (0..255 or 0..65535). DICOM: modality values. */
  data: Float32Array;
  /** Range of the colour samples (alpha excluded). */
  min: number;
  max: number;
  /** Default display window [low, high] in the units of `data`. */
  window: [number, number];
  /** MONOCHROME1: high values display dark. The data is never inverted. */
  invert: boolean;
  dicom: DicomHeader | null;
  /** Things the user should know that are not errors (first frame only, extension mismatch...). */
  notes: string[];
  /** DICOM: frames in the file and the one decoded (0-based). */
  frames?: number;
  frame?: number;
  /** DICOM: every element for the tag browser (io/dicom-tags.ts), built while the parsed file is at hand. */
  dicomTags?: DicomTagsResult;
  /** Raster: the file and its decode, kept so display levels decode again at their size (io/raster-level.ts). */
  source?: RasterSource;
}

/** What decodeRaster used: the file's bytes, the colour space and the sample depth. */
export interface RasterSource {
  bytes: Uint8Array;
  space: 'b-w' | 'grey16' | 'srgb' | 'rgb16';
  sixteen: boolean;
}

/** Min/max over the colour channels; alpha (channel 3 of 4) is not an intensity. */
export function sampleRange(data: ArrayLike<number>, channels: number): { min: number; max: number } {
  const colour = channels === 4 ? 3 : channels;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i += channels) {
    for (let c = 0; c < colour; c++) {
      const v = data[i + c];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return data.length === 0 ? { min: 0, max: 0 } : { min, max };
}

export function toImagePixels(img: DecodedImage): ImagePixels {
  return {
    width: img.width,
    height: img.height,
    channels: img.channels,
    data: img.data,
    window: [img.window[0], img.window[1]],
    invert: img.invert,
  };
}

/** ImageInfo minus the fields only a host knows (id, path, name). */
export function imageInfoFields(img: DecodedImage): Omit<ImageInfo, 'id' | 'path' | 'name'> {
  return {
    kind: img.kind,
    width: img.width,
    height: img.height,
    channels: img.channels,
    bitDepth: img.bitDepth,
    min: img.min,
    max: img.max,
    dicom: img.dicom,
    ...(img.frames !== undefined ? { frames: img.frames, frame: img.frame ?? 0 } : {}),
  };
}
