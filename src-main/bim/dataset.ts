// Seed ranges and the evaluation set of the BIM benchmark. Training and
// evaluation use disjoint image seeds and disjoint shape variants (separate
// pool seeds), so the committed models never saw an evaluation image.
import { type BimSample, bimSample, type DigitPool } from './generate';
import { shapePool } from './shapes';

export const BIM_TRAIN_SEED0 = 1;
export const BIM_TEST_SEED0 = 5_000_000;
/** The benchmark's images: after the trainer's test range. */
export const BIM_EVAL_SEED0 = 6_000_000;
export const TRAIN_POOL_SEED = 11;
export const HELD_OUT_POOL_SEED = 12;

let heldOut: DigitPool | null = null;

/** The held-out shape variants by class (drawn once). */
export function heldOutPool(): DigitPool {
  heldOut ??= shapePool(HELD_OUT_POOL_SEED);
  return heldOut;
}

/** n evaluation samples, seeds BIM_EVAL_SEED0 + offset + i. */
export function evalSamples(n: number, offset = 0, pool: DigitPool = heldOutPool()): BimSample[] {
  return Array.from({ length: n }, (_, i) => bimSample(BIM_EVAL_SEED0 + offset + i, pool));
}
