// What the chest phantom demo declares it expects (saliency-studio.json
// "expects"): frontal chest radiographs, and the spread of its training
// phantoms' per-image input mean and standard deviation (preset "unit": the
// phantom's 0..1 values are the model input), over the first 1000 seeds.
import type { ModelExpects } from '../../src-main/api/dicom-types';
import { inputStats } from '../../src-main/model/distribution';
import { generatePhantom } from './chest-phantom';

const spread = (v: number[]): { mean: number; sd: number } => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean: Math.round(mean * 1e4) / 1e4, sd: Math.round(sd * 1e4) / 1e4 };
};

export function phantomExpects(n = 1000, size = 96): ModelExpects {
  const stats = Array.from({ length: n }, (_, seed) => inputStats(generatePhantom(seed, { size }).image));
  return {
    modality: ['CR', 'DX'],
    bodyPart: ['CHEST'],
    viewPosition: ['PA', 'AP'],
    inputMean: spread(stats.map((s) => s.mean)),
    inputStd: spread(stats.map((s) => s.std)),
  };
}
