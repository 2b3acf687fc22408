// ADCC (Poppi, Cornia, Baraldi & Cucchiara 2021): the harmonic mean of
// Average Drop, Coherency and Complexity, per image, maps min-max normalised:
//   Coherency  = (Pearson(m(x), m(x ⊙ m(x))) + 1) / 2
//   Complexity = ‖m‖₁ / (H·W)
//   ADCC       = 3 / (1/Coherency + 1/(1 − Complexity) + 1/(1 − AvgDrop))
// with AvgDrop a fraction here (the per-image drop / 100). A zero term makes
// the harmonic mean 0 (e.g. a map that keeps everything has Complexity 1).
import { normalise01 } from './maps';
import { pearson } from './similarity';

export function coherency(map: ArrayLike<number>, mapOfExplanation: ArrayLike<number>): number {
  return (pearson(normalise01(map), normalise01(mapOfExplanation)) + 1) / 2;
}

export function complexity(map: ArrayLike<number>): number {
  const m = normalise01(map);
  return m.reduce((a, b) => a + b, 0) / m.length;
}

/** dropFraction in [0,1]. */
export function adcc(coh: number, comp: number, dropFraction: number): number {
  const terms = [coh, 1 - comp, 1 - dropFraction];
  if (terms.some((t) => !(t > 0))) return 0;
  return 3 / terms.reduce((s, t) => s + 1 / t, 0);
}
