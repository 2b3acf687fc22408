// The trust card's readings: measured values → one line per check. Pure; every
// threshold is in TRUST_THRESHOLDS so the UI, the CLI and the report agree.
// The thresholds are rules of thumb, not the papers' (none of them gives one):
//  - sparseness (Gini of |map|): ≥ 0.5 concentrated, ≤ 0.25 diffuse. A one-hot
//    map is ≈ 1, a uniform one 0; upsampled CAMs of a single object sit near 0.5.
//  - max-sensitivity: ≤ 0.2 (the map moves by at most 20% of its L2 norm) is stable.
//  - random-logit SSIM: ≤ 0.5 class-sensitive, ≥ 0.8 nearly the same map for
//    another class (an edge detector scores ≈ 1).
//  - ADCC − ADCC(Fake-CAM): ≥ 0.1 a clear win; ≤ 0 no better. Poppi et al. 2021
//    built Fake-CAM to fool Average Drop, so a map must beat it clearly on ADCC.
import type { TrustLine, TrustValues } from '../api/trust-card-types';

export const TRUST_THRESHOLDS = {
  concentrated: 0.5,
  diffuse: 0.25,
  stableSensitivity: 0.2,
  classSensitiveSsim: 0.5,
  sameMapSsim: 0.8,
  clearAdccWin: 0.1,
} as const;

export const TRUST_PAPERS = {
  sparseness: 'Chalasani et al. 2020, Concise Explanations of Neural Networks using Adversarial Training (arXiv:1810.06583)',
  sensitivity: 'Yeh et al. 2019, On the (In)fidelity and Sensitivity of Explanations (arXiv:1901.09392)',
  randomLogit: 'Sixt, Granz & Landgraf 2020, When Explanations Lie: Why Many Modified BP Attributions Fail (arXiv:1912.09818)',
  adcc: 'Poppi, Cornia, Baraldi & Cucchiara 2021, Revisiting The Evaluation of Class Activation Mapping for Explainability (arXiv:2104.10252)',
} as const;

const f2 = (v: number): string => v.toFixed(2);
const pct = (v: number): string => `${Math.round(v * 100)}%`;
const T = TRUST_THRESHOLDS;

export function sparsenessLine(g: number): TrustLine {
  const base = { check: 'sparseness', label: 'Sparseness (Gini)', paper: TRUST_PAPERS.sparseness } as const;
  if (!Number.isFinite(g)) return { ...base, value: '—', status: 'na', reading: 'not computable (empty map)' };
  if (g >= T.concentrated) return { ...base, value: f2(g), status: 'ok', reading: 'concentrated' };
  if (g <= T.diffuse) return { ...base, value: f2(g), status: 'warn', reading: 'diffuse: the map spreads over most of the image' };
  return { ...base, value: f2(g), status: 'ok', reading: 'moderately concentrated' };
}

/** `radius` as a fraction of the pixel range, for the reading. */
export function sensitivityLine(max: number, radius: number, samples: number): TrustLine {
  const base = { check: 'max-sensitivity', label: `Max-sensitivity (${samples} samples)`, paper: TRUST_PAPERS.sensitivity } as const;
  const r = `±${radius} of the pixel range`;
  if (!Number.isFinite(max)) return { ...base, value: '—', status: 'na', reading: 'not computable (all-zero map)' };
  if (max <= T.stableSensitivity) return { ...base, value: f2(max), status: 'ok', reading: `stable under ${r} noise (changes by at most ${pct(max)})` };
  return { ...base, value: f2(max), status: 'warn', reading: `changes by ${pct(max)} under small noise (${r})` };
}

/** `otherClass` null: a mean over images, each against its own random other class. */
export function randomLogitLine(ssim: number, otherClass: string | null): TrustLine {
  const base = { check: 'random-logit', label: 'Random-logit SSIM', paper: TRUST_PAPERS.randomLogit } as const;
  if (!Number.isFinite(ssim)) return { ...base, value: '—', status: 'na', reading: 'not computable (map smaller than 7×7)' };
  const v = f2(ssim);
  const to = `SSIM ${v} to ${otherClass == null ? 'a random other class' : `class ${otherClass}`}`;
  if (ssim <= T.classSensitiveSsim) return { ...base, value: v, status: 'ok', reading: `class-sensitive (${to})` };
  if (ssim >= T.sameMapSsim) return { ...base, value: v, status: 'warn', reading: `nearly the same map for another class (${to})` };
  return { ...base, value: v, status: 'warn', reading: `partly class-sensitive (${to})` };
}

export function fakeCamLine(adcc: number | undefined, fake: number | undefined): TrustLine {
  const base = { check: 'fake-cam-adcc', label: 'ADCC vs Fake-CAM', paper: TRUST_PAPERS.adcc } as const;
  if (adcc == null || fake == null) return { ...base, value: '—', status: 'na', reading: 'no CAM layer: not computed' };
  if (!Number.isFinite(adcc) || !Number.isFinite(fake)) return { ...base, value: '—', status: 'na', reading: 'not computable' };
  const d = adcc - fake;
  const value = `${f2(adcc)} vs ${f2(fake)}`;
  if (d >= T.clearAdccWin) return { ...base, value, status: 'ok', reading: `beats Fake-CAM by ${f2(d)} ADCC` };
  if (d > 0) return { ...base, value, status: 'warn', reading: `beats Fake-CAM by only ${f2(d)} ADCC` };
  return { ...base, value, status: 'warn', reading: 'no better than Fake-CAM' };
}

/** The card's lines, in display order; `className` names the other class (its label where known). */
export function trustLines(v: TrustValues, className: (k: number) => string = String): TrustLine[] {
  return [
    sparsenessLine(v.sparseness),
    sensitivityLine(v.maxSensitivity, v.radius, v.samples),
    randomLogitLine(v.randomLogitSsim, className(v.otherClass)),
    fakeCamLine(v.adcc, v.fakeCamAdcc),
  ];
}
