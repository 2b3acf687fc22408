import { describe, expect, it } from 'vitest';
import { sameTile, wantedTile } from './tileView';

// A 6708×4472 image whose display level is 1677×1118 (factor 4), on a 1200×800 stage.
const full = { width: 6708, height: 4472 };
const level = { width: 1677, height: 1118 };
const stage = { width: 1200, height: 800 };

describe('wantedTile', () => {
  it('wants nothing while the level is as sharp as the screen', () => {
    // Fit: scale ≈ 0.178, so a level pixel covers 0.71 device pixels.
    expect(wantedTile({ scale: 0.178, x: 0, y: 0 }, stage, full, level)).toBeNull();
    // Exactly one device pixel per level pixel (scale 1/4): still nothing.
    expect(wantedTile({ scale: 0.25, x: 0, y: 0 }, stage, full, level)).toBeNull();
    // An image shown at full resolution needs no tile.
    expect(wantedTile({ scale: 8, x: 0, y: 0 }, stage, level, level)).toBeNull();
  });

  it('wants the visible region, snapped out to the 256 grid, when zoomed past the level', () => {
    // Scale 2, image point (3000, 2000) at the stage's top-left: visible x 3000…3600, y 2000…2400.
    const t = wantedTile({ scale: 2, x: -6000, y: -4000 }, stage, full, level);
    expect(t).toEqual({ x: 2816, y: 1792, w: 3840 - 2816, h: 2560 - 1792, maxSide: 1200 });
  });

  it('clamps to the image and doubles maxSide at dpr 2', () => {
    // Scale 1 at the bottom-right corner: visible x 6000…7200 clamps to 6708.
    const t = wantedTile({ scale: 1, x: -6000, y: -4000 }, stage, full, level, 2);
    expect(t).toEqual({ x: 5888, y: 3840, w: 6708 - 5888, h: 4472 - 3840, maxSide: 2400 });
  });

  it('wants nothing when the image is off screen or the tile would be as reduced as the level', () => {
    expect(wantedTile({ scale: 2, x: 5000, y: 0 }, stage, full, level)).toBeNull();
    // Scale 0.3 (1.2 device px per level px): the visible 4000×2667 region reduced to 1200 is factor 4, like the level.
    expect(wantedTile({ scale: 0.3, x: 0, y: 0 }, stage, full, level)).toBeNull();
  });

  it('compares tiles by value', () => {
    const a = { x: 0, y: 0, w: 256, h: 256, maxSide: 1200 };
    expect(sameTile(a, { ...a })).toBe(true);
    expect(sameTile(a, { ...a, x: 256 })).toBe(false);
    expect(sameTile(null, null)).toBe(true);
    expect(sameTile(a, null)).toBe(false);
  });
});
