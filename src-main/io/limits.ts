// Hard limits that protect the engine from inputs that would exhaust memory.
// 100 megapixels: a 10000×10000 greyscale radiograph still loads, a 30000×30000
// decompression bomb is refused before any pixel buffer is allocated.
export const PIXEL_LIMIT = 100_000_000;
/** Largest file the loaders read into memory. */
export const FILE_BYTE_LIMIT = 1024 * 1024 * 1024;
