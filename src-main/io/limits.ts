// Hard limits that protect the engine from inputs that would exhaust memory.
// 100 megapixels: a 10000×10000 greyscale radiograph still loads, a 30000×30000
// decompression bomb is refused before any pixel buffer is allocated.
export const PIXEL_LIMIT = 100_000_000;
/**
 * Samples (pixels × channels) one decoded image may hold. Every decoder stores
 * DecodedImage.data as Float32 whatever the source depth, so it holds per
 * megapixel: grey (8- or 16-bit) 4 MB, RGB 12 MB, RGBA 16 MB, and this caps
 * data at 400 MB (100 MP grey, 33 MP RGB, 25 MP RGBA).
 * Peak during a decode, per megapixel, on top of the file bytes (maxRSS growth,
 * 16 MP images): PNG grey 8-bit 5.2 MB, 16-bit 6.2, RGB 15.5, RGBA 20.6 (sharp's
 * raw output, 1 or 2 bytes a sample, beside the Float32); DICOM native 4.0
 * (read in place); RLE 16-bit 6.0 and JPEG lossless 7.3 (3.8 MP; + the decoded
 * frame); deflated 16-bit 8.1 (+ the inflated and re-assembled data set).
 */
export const SAMPLE_LIMIT = PIXEL_LIMIT;
/** Largest file the loaders read into memory. */
export const FILE_BYTE_LIMIT = 1024 * 1024 * 1024;
/** Deflated DICOM: data set bytes allowed before the Pixel Data, and after what it promises (padding, signatures). */
export const DICOM_HEADER_LIMIT = 16 * 1024 * 1024;
export const DICOM_TRAILER_LIMIT = 1024 * 1024;

const CHANNEL_NAMES: Record<number, string> = { 1: 'grey', 2: 'grey+alpha', 3: 'RGB', 4: 'RGBA' };

/** The refusal for width×height×channels above SAMPLE_LIMIT, or null if it fits. */
export function sampleBudgetProblem(width: number, height: number, channels: number): string | null {
  const samples = width * height * channels;
  if (samples <= SAMPLE_LIMIT) return null;
  const m = (n: number) => Math.floor(n / 1e6);
  return (
    `${width}×${height} ${CHANNEL_NAMES[channels] ?? `${channels}-channel`} is ${m(samples)} million samples, ` +
    `above the ${m(SAMPLE_LIMIT)} million sample budget (${m(SAMPLE_LIMIT)} megapixels grey, ${m(SAMPLE_LIMIT / 3)} RGB, ${m(SAMPLE_LIMIT / 4)} RGBA)`
  );
}
