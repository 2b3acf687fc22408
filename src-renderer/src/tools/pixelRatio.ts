// High-DPI drawing. Konva already backs each layer canvas with
// devicePixelRatio × its size (Konva.pixelRatio); what is left to us is when
// to smooth a bitmap: only when one source pixel covers less than one
// *device* pixel. Magnified pixels stay crisp squares (nearest neighbour).
export function devicePixelRatio(): number {
  return typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
}

/** Smooth a bitmap drawn at `cssPxPerSourcePx` screen (CSS) px per source pixel? */
export function smoothAt(cssPxPerSourcePx: number, dpr: number = devicePixelRatio()): boolean {
  return cssPxPerSourcePx * dpr < 1;
}
