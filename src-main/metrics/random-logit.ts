// Random-logit test (Sixt, Granz & Landgraf 2020, arXiv:1912.09818): the map
// for the target class against the map for one other class drawn at random
// (seeded, uniform over the numClasses − 1 others), compared by SSIM on maps
// normalised as the sanity checks do (|map| / its 99th percentile, clipped to
// [0,1]; data range 1). A class-sensitive method scores low; a method whose map
// ignores the class (e.g. an edge detector) scores near 1. NaN below 7×7 (SSIM's window).
import type * as tf from '@tensorflow/tfjs';
import { StudioError } from '../api/errors';
import { percentile } from '../shared/colormap';
import { mulberry32 } from '../shared/random';
import { ssim } from './ssim';

/** |map| / its 99th percentile, clipped to [0,1] (sanity/sanity.ts' visualNormalise, kept here so metrics do not import sanity). */
export function visualNormalise(map: ArrayLike<number>): Float32Array {
  const a = Float32Array.from(map, Math.abs);
  const hi = percentile(a, 99);
  return hi > 0 ? a.map((v) => Math.min(1, v / hi)) : a.fill(0);
}

/** A class other than `target` in [0, numClasses), uniform, from `seed`. */
export function otherClass(target: number, numClasses: number, seed: number): number {
  if (numClasses < 2) throw new StudioError('bad-request', 'the random-logit test needs at least two classes');
  const k = Math.floor(mulberry32(seed)() * (numClasses - 1));
  return k >= target ? k + 1 : k;
}

export async function randomLogit(
  explain: (x: tf.Tensor4D, target: number) => Promise<Float32Array>,
  input: tf.Tensor4D,
  target: number,
  map: Float32Array,
  numClasses: number,
  seed: number,
  shape: [number, number],
): Promise<{ ssim: number; otherClass: number }> {
  const other = otherClass(target, numClasses, seed);
  const m = await explain(input, other);
  const value = shape[0] >= 7 && shape[1] >= 7 ? ssim(visualNormalise(map), visualNormalise(m), shape, { dataRange: 1 }) : NaN;
  return { ssim: value, otherClass: other };
}
