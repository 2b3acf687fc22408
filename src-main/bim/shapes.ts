// Drawn objects for the BIM set: five filled shapes as 28×28 alpha maps (the
// layout of an MNIST digit, so generate.ts pastes either). Shapes are learnt in
// a few epochs on wasm where digits on textures were not, and need no data
// package at run time. Each variant jitters size, rotation and stroke.
import { mulberry32 } from '../shared/random';
import type { DigitPool } from './types';

export const SHAPES = ['disc', 'square', 'triangle', 'cross', 'ring'] as const;

/** Inside-test of shape k at (x, y) in the shape's own frame (centred, unrotated), radius r, stroke w. */
function inside(k: number, x: number, y: number, r: number, w: number): boolean {
  switch (SHAPES[k]) {
    case 'disc':
      return x * x + y * y <= r * r;
    case 'square':
      return Math.abs(x) <= r * 0.8 && Math.abs(y) <= r * 0.8;
    case 'triangle': {
      // Equilateral, pointing up, circumradius r.
      const yb = r * 0.5;
      if (y > yb || y < -r) return false;
      return Math.abs(x) <= ((y + r) / (yb + r)) * r * 0.866;
    }
    case 'cross':
      return (Math.abs(x) <= w / 2 && Math.abs(y) <= r) || (Math.abs(y) <= w / 2 && Math.abs(x) <= r);
    default: {
      const d = Math.hypot(x, y);
      return d <= r && d >= r - w;
    }
  }
}

/** One 28×28 alpha map of shape k (4×4 supersampled edges). */
export function drawShape(k: number, rand: () => number): number[] {
  const r = 9 + 3.5 * rand();
  const w = 3.5 + 2 * rand();
  const rot = (SHAPES[k] === 'disc' || SHAPES[k] === 'ring' ? 0 : rand()) * Math.PI * 2;
  const [cx, cy] = [14 + (rand() - 0.5) * 2, 14 + (rand() - 0.5) * 2];
  const [c, s] = [Math.cos(rot), Math.sin(rot)];
  const px = new Array<number>(28 * 28).fill(0);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      let hit = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const dx = x + (sx + 0.5) / 4 - cx;
          const dy = y + (sy + 0.5) / 4 - cy;
          if (inside(k, c * dx + s * dy, -s * dx + c * dy, r, w)) hit++;
        }
      }
      px[y * 28 + x] = hit / 16;
    }
  }
  return px;
}

/** `perClass` seeded variants of every shape. */
export function shapePool(seed: number, perClass = 48): DigitPool {
  const rand = mulberry32(seed);
  return SHAPES.map((_, k) => Array.from({ length: perClass }, () => drawShape(k, rand)));
}
