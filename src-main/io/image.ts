// Raster images (PNG, JPEG, WebP, TIFF, GIF) through sharp, keeping 16-bit
// samples exact. The pixel limit and the sample budget (pixels × the channels
// the output will have) are checked on the header before any decode, and
// sharp's limitInputPixels holds the decoder to the same bound.
import sharp from 'sharp';
import { sampleRange, type DecodedImage, type ImageFormat } from './decoded';
import { ImageLoadError, thrownText } from './errors';
import { PIXEL_LIMIT, SAMPLE_LIMIT, sampleBudgetProblem } from './limits';

type RasterFormat = Exclude<ImageFormat, 'dicom'>;

export async function decodeRaster(name: string, bytes: Uint8Array, format: RasterFormat): Promise<DecodedImage> {
  // failOn 'warning' (sharp's default, stated here on purpose): a truncated or
  // damaged file must be an error, not a half-grey picture.
  let meta: sharp.Metadata;
  try {
    // Header only, no pixels: unlimited here so the refusal below can state the size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw classifySharpError(name, format, e);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ImageLoadError(name, 'corrupt', `${format.toUpperCase()} header has no size`);
  if (width * height > PIXEL_LIMIT) {
    throw new ImageLoadError(
      name,
      'too-large',
      `${width}×${height} is ${((width * height) / 1e6).toFixed(0)} megapixels, above the ${PIXEL_LIMIT / 1e6} megapixel limit`,
    );
  }

  const notes: string[] = [];
  if ((meta.pages ?? 1) > 1) notes.push(`${meta.pages} pages/frames; only the first is used`);
  const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
  if (!sixteen && meta.depth !== 'uchar' && meta.depth !== 'char') {
    throw new ImageLoadError(name, 'unsupported', `${meta.depth ?? 'unknown'} samples are not supported (only 8- and 16-bit)`);
  }
  const grey = (meta.channels === 1 || meta.channels === 2) && !meta.isPalette;
  const alpha = meta.hasAlpha === true;
  // Grey without alpha stays one channel; grey+alpha becomes RGBA (the API has no 2-channel form).
  const space = grey && !alpha ? (sixteen ? 'grey16' : 'b-w') : sixteen ? 'rgb16' : 'srgb';
  const outChannels = grey && !alpha ? 1 : alpha ? 4 : 3;
  const budget = sampleBudgetProblem(width, height, outChannels);
  if (budget) throw new ImageLoadError(name, 'too-large', budget);

  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    // The decoder itself is held to the budget too, should the header have understated the size.
    raw = await sharp(bytes, { limitInputPixels: Math.floor(SAMPLE_LIMIT / outChannels), failOn: 'warning' })
      .autoOrient()
      .toColourspace(space)
      .raw(sixteen ? { depth: 'ushort' } : {})
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw classifySharpError(name, format, e);
  }
  const { info } = raw;
  const channels = info.channels;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ImageLoadError(name, 'unsupported', `decoded to ${channels} channels`);
  }
  const n = info.width * info.height * channels;
  if (n > SAMPLE_LIMIT || info.width * info.height !== width * height) {
    throw new ImageLoadError(name, 'corrupt', `decoded to ${info.width}×${info.height}, header says ${width}×${height}`);
  }
  let src: Uint8Array | Uint16Array | null = sixteen
    ? new Uint16Array(raw.data.buffer, raw.data.byteOffset, n)
    : new Uint8Array(raw.data.buffer, raw.data.byteOffset, n);
  let data: Float32Array | null = null;

  const { min, max } = sampleRange(src, channels);
  const bitDepth = sixteen ? 16 : 8;
  // 8-bit and 16-bit colour show as stored; 16-bit grey is usually 10-12-bit
  // medical data in a 16-bit container, so it opens on its own range.
  const window: [number, number] = !sixteen ? [0, 255] : channels === 1 && max > min ? [min, max] : [0, 65535];
  return {
    kind: 'raster',
    format,
    width: info.width,
    height: info.height,
    channels,
    bitDepth,
    // Float32 (4 bytes a sample) when first read (a model, a tile), not before the display level is on
    // screen: for a 30 MP photograph that copy is 360 MB and took 0.5–2 s of the open.
    get data(): Float32Array {
      if (!data) {
        data = new Float32Array(n);
        data.set(src!);
        src = null;
      }
      return data;
    },
    set data(v: Float32Array) {
      data = v;
      src = null;
    },
    min,
    max,
    window,
    invert: false,
    dicom: null,
    notes,
    source: { bytes, space, sixteen },
  };
}

/**
 * Map sharp/libvips messages onto our codes: truncation is reported distinctly
 * from damage. The library's text only picks the code and never reaches the
 * message: libjpeg, libpng and libtiff quote marker bytes, tag values and
 * chunk data of the file ("… extraneous bytes before marker 0xd9").
 */
export function classifySharpError(name: string, format: string, e: unknown): ImageLoadError {
  const msg = thrownText(e);
  const fmt = format.toUpperCase();
  if (/pixel limit|exceeds pixel limit/i.test(msg)) {
    return new ImageLoadError(name, 'too-large', `image is above the ${PIXEL_LIMIT / 1e6} megapixel limit`);
  }
  if (/corrupt jpeg data|bad huffman|invalid|crc error|incorrect|unknown marker/i.test(msg) && !/premature end of jpeg image/i.test(msg)) {
    return new ImageLoadError(name, 'corrupt', `${fmt} data is corrupt`);
  }
  if (/premature end|truncated|unexpected end|end of (file|stream|data)|not enough data|short read|read error|IDAT stream error/i.test(msg)) {
    return new ImageLoadError(name, 'truncated', `${fmt} file is truncated`);
  }
  if (/unsupported image format/i.test(msg)) {
    return new ImageLoadError(name, 'corrupt', `${fmt} signature but the decoder cannot read it`);
  }
  return new ImageLoadError(name, 'corrupt', `${fmt} data is corrupt`);
}
