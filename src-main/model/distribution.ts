// Out-of-distribution check: is the open image like what the model declares
// it was trained on? Header codes (Modality, BodyPartExamined, ViewPosition)
// are compared with the sidecar's "expects" lists; the preprocessed input's
// mean and standard deviation with the training set's spread of them (a
// z-score). A header field the file lacks is not held against it: many real
// radiographs (NIH ChestX-ray14 among them) carry no BodyPartExamined.
import type { InputStatRange, ModelExpects } from '../api/dicom-types';
import type { DistributionCheck } from '../api/common';
import type { DicomHeader } from '../api/types';

export const DEFAULT_Z_LIMIT = 3;

const CODE = /^[A-Z0-9 _]{1,16}$/;
const isCodeList = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.length <= 64 && v.every((c) => typeof c === 'string' && CODE.test(c));
const isRange = (v: unknown): boolean => {
  const r = v as InputStatRange;
  return !!r && typeof r === 'object' && Number.isFinite(r.mean) && Number.isFinite(r.sd) && r.sd > 0;
};

/** The sidecar's "expects", checked field by field; null when it is well formed, else what is wrong. */
export function expectsProblem(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '"expects" must be an object';
  const e = v as Record<string, unknown>;
  for (const k of ['modality', 'bodyPart', 'viewPosition'] as const) {
    if (e[k] !== undefined && !isCodeList(e[k])) return `"expects.${k}" must be a non-empty list of DICOM code strings (upper case, at most 16 characters)`;
  }
  for (const k of ['inputMean', 'inputStd'] as const) {
    if (e[k] !== undefined && !isRange(e[k])) return `"expects.${k}" must be {"mean": number, "sd": number > 0}`;
  }
  if (e.zLimit !== undefined && !(typeof e.zLimit === 'number' && e.zLimit > 0 && e.zLimit <= 100)) return '"expects.zLimit" must be a number in (0, 100]';
  return null;
}

const or = (list: string[]): string => (list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`);
const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** Mean and (population) standard deviation of the preprocessed input. */
export function inputStats(x: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = x.length ? sum / x.length : 0;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += (x[i] - mean) ** 2;
  return { mean, std: x.length ? Math.sqrt(sq / x.length) : 0 };
}

export function checkDistribution(expects: ModelExpects, header: DicomHeader | null, stats: { mean: number; std: number }): DistributionCheck {
  const reasons: string[] = [];
  const codes: [string, string | null | undefined, string[] | undefined][] = [
    ['Modality', header?.modality, expects.modality],
    ['Body part', header?.bodyPart, expects.bodyPart],
    ['View position', header?.viewPosition, expects.viewPosition],
  ];
  for (const [label, value, wanted] of codes) {
    const v = value?.trim().toUpperCase();
    if (v && wanted && !wanted.includes(v)) reasons.push(`${label} ${CODE.test(v) ? v : 'of another kind'}; this model expects ${or(wanted)}`);
  }
  const limit = expects.zLimit ?? DEFAULT_Z_LIMIT;
  const stat: [string, number, InputStatRange | undefined][] = [
    ['mean', stats.mean, expects.inputMean],
    ['standard deviation', stats.std, expects.inputStd],
  ];
  for (const [label, value, range] of stat) {
    if (!range) continue;
    const z = (value - range.mean) / range.sd;
    if (Math.abs(z) > limit) {
      reasons.push(
        `Input ${label} ${fmt(value)} is ${fmt(Math.abs(z))} SD ${z > 0 ? 'above' : 'below'} the training inputs' ${fmt(range.mean)} ± ${fmt(range.sd)}`,
      );
    }
  }
  return { reasons, inputMean: stats.mean, inputStd: stats.std };
}
