// How large a display level the page asks the engine for: the screen's longer
// side in device pixels, within [MIN_SIDE, MAX_SIDE]. The page never holds the
// full image of a 30 MP photograph (that is 360 MB as Float32); it draws the
// level stretched over the full image's coordinates, so maps, masks and
// overlays keep theirs.
export const MIN_SIDE = 2048;
export const MAX_SIDE = 4096;

export function displayLevelSide(screen: { width: number; height: number } | null, dpr = 1): number {
  const side = screen ? Math.ceil(Math.max(screen.width, screen.height) * (dpr > 0 ? dpr : 1)) : MAX_SIDE;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, Number.isFinite(side) ? side : MAX_SIDE));
}

/** The side for this page's screen (MAX_SIDE where there is none, as in tests). */
export function pageLevelSide(): number {
  const g = globalThis as { screen?: { width: number; height: number }; devicePixelRatio?: number };
  return displayLevelSide(g.screen ?? null, g.devicePixelRatio ?? 1);
}
