// The medical variant of the BIM idea: chest phantoms (phantom.ts)
// with a laterality marker — an "L" or "R" burnt into a top corner, as on real
// radiographs. In training set A the marker goes with the label (nodule images
// carry it 95% of the time, normal ones 5%): the shortcut radiograph models are
// known to take. In set B it is independent of the label. The marker box is the
// ground truth of "the model looks at the marker".
import { generatePhantom } from './phantom';
import type { Box } from './generate';

export const MARKER_SIZE = 96;
export const MARKER_TRAIN_SEED0 = 10_000_000;
export const MARKER_TEST_SEED0 = 11_000_000;
export const MARKER_EVAL_SEED0 = 12_000_000;
/** P(marker | nodule) and P(marker | normal) in the shortcut training set. */
export const SHORTCUT_RATES = { nodule: 0.95, normal: 0.05 } as const;

// 5×7 glyphs, drawn at 2× (10×14 px at 96²).
const GLYPHS: Record<'L' | 'R', string[]> = {
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
};
const SCALE = 2;
const MARGIN = 5;
const INK = 0.92;

export interface MarkerPhantom {
  /** [size, size] row-major grey 0..1 (the chest demo's input). */
  image: Float32Array;
  hasNodule: boolean;
  marker: 'L' | 'R' | null;
  /** The marker's box padded by 2 px (null without a marker), and as a 0/1 mask. */
  box: Box | null;
  region: Uint8Array;
  /** The nodule's ground-truth mask (all zeros without one). */
  noduleMask: Uint8Array;
}

export interface MarkerOptions {
  nodule?: boolean;
  /** true/false forces the marker; a number is its probability. */
  marker?: boolean | number;
  size?: number;
}

/** Draws the letter into `image` at its corner (R top-left, L top-right, as the patient's side); returns its box. */
export function stampMarker(image: Float32Array, size: number, letter: 'L' | 'R'): Box {
  const g = GLYPHS[letter];
  const w = g[0].length * SCALE;
  const h = g.length * SCALE;
  const x0 = letter === 'R' ? MARGIN : size - MARGIN - w;
  const y0 = MARGIN;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (g[Math.floor(y / SCALE)][Math.floor(x / SCALE)] === '#') image[(y0 + y) * size + x0 + x] = INK;
  const pad = 2;
  return { x: x0 - pad, y: y0 - pad, width: w + 2 * pad, height: h + 2 * pad };
}

export function markerPhantom(seed: number, opts: MarkerOptions = {}): MarkerPhantom {
  const size = opts.size ?? MARKER_SIZE;
  const p = generatePhantom(seed, { size, nodule: opts.nodule });
  // A separate stream for the marker, so the phantom itself does not depend on it.
  let s = (Math.imul(seed, 747796405) + 2891336453) >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const letter: 'L' | 'R' = rand() < 0.5 ? 'L' : 'R';
  const m = opts.marker ?? 0.5;
  const has = typeof m === 'boolean' ? m : rand() < m;
  const image = p.image;
  const region = new Uint8Array(size * size);
  let box: Box | null = null;
  if (has) {
    box = stampMarker(image, size, letter);
    for (let y = box.y; y < box.y + box.height; y++) region.fill(1, y * size + box.x, y * size + box.x + box.width);
  }
  return { image, hasNodule: p.hasNodule, marker: has ? letter : null, box, region, noduleMask: p.mask };
}

/** Training-set draw: set A ties the marker to the label, set B does not. */
export function trainingPhantom(seed: number, set: 'shortcut' | 'clean'): MarkerPhantom {
  const nodule = (Math.imul(seed, 2246822519) >>> 0) % 2 === 0; // imul: a float product of this size loses its low bits
  const rate = set === 'clean' ? 0.5 : nodule ? SHORTCUT_RATES.nodule : SHORTCUT_RATES.normal;
  return markerPhantom(seed, { nodule, marker: rate });
}
