// The single list of evaluation metrics: ids, what each needs and which way is
// better. The CLI builds its --metric help from it (later the UI its picker).
import type { ParamSpec } from '../api/types';
import { StudioError } from '../api/errors';

export interface MetricDescriptor {
  id: string;
  label: string;
  paper: string;
  /** model: forward passes; reexplain: also re-runs the method on x ⊙ map; mask: a ground-truth mask. */
  needs: 'model' | 'reexplain' | 'mask';
  better: 'higher' | 'lower';
  /** Extra per-image columns the metric reports besides its own value. */
  parts?: string[];
  help: string;
}

export const METRICS: readonly MetricDescriptor[] = [
  { id: 'deletion', label: 'Deletion AUC', paper: 'Petsiuk, Das & Saenko 2018, RISE (arXiv:1806.07421)', needs: 'model', better: 'lower', help: 'Area under the target probability as the most salient pixels are replaced by the substrate (zero by default).' },
  { id: 'insertion', label: 'Insertion AUC', paper: 'Petsiuk, Das & Saenko 2018, RISE (arXiv:1806.07421)', needs: 'model', better: 'higher', help: 'Area under the target probability as the most salient pixels are restored onto the substrate (blur by default).' },
  { id: 'average-drop', label: 'Average Drop %', paper: 'Chattopadhyay et al. 2018, Grad-CAM++ (arXiv:1710.11063)', needs: 'model', better: 'lower', help: 'max(0, Y − O)/Y · 100, Y the target probability of x, O that of x ⊙ map (map in [0,1]).' },
  { id: 'average-increase', label: 'Average Increase %', paper: 'Chattopadhyay et al. 2018, Grad-CAM++ (arXiv:1710.11063)', needs: 'model', better: 'higher', help: '100 · 1[O > Y]: how often the explanation map raises the confidence.' },
  { id: 'adcc', label: 'ADCC', paper: 'Poppi, Cornia, Baraldi & Cucchiara 2021 (arXiv:2104.10252)', needs: 'reexplain', better: 'higher', parts: ['coherency', 'complexity'], help: 'Harmonic mean of Coherency, 1 − Complexity and 1 − Average Drop; re-runs the method on x ⊙ map.' },
  { id: 'pointing-game', label: 'Pointing game', paper: 'Zhang et al. 2016, Top-down Neural Attention by Excitation Backprop (arXiv:1608.00507)', needs: 'mask', better: 'higher', help: '1 when the map maximum falls in the mask (within the tolerance), else 0.' },
  { id: 'iou', label: 'IoU', paper: 'Zhou et al. 2016, Learning Deep Features for Discriminative Localization (arXiv:1512.04150)', needs: 'mask', better: 'higher', help: 'Intersection over union of the thresholded map (≥ 0.5·max by default) with the mask.' },
  { id: 'energy-pointing-game', label: 'Energy pointing game', paper: 'Wang et al. 2020, Score-CAM (arXiv:1910.01279)', needs: 'mask', better: 'higher', help: 'Share of the map’s positive energy inside the mask.' },
];

/** Options shared by the metrics (CLI --set k=v). */
export const METRIC_PARAMS: readonly ParamSpec[] = [
  { name: 'steps', type: 'int', default: 20, min: 1, max: 1000, help: 'Deletion/insertion levels after the first (pixels change N/steps at a time).' },
  { name: 'deletionSubstrate', type: 'enum', default: 'zero', options: ['zero', 'blur', 'mean'], help: 'What deleted pixels become.' },
  { name: 'insertionSubstrate', type: 'enum', default: 'blur', options: ['zero', 'blur', 'mean'], help: 'What the insertion curve starts from.' },
  { name: 'batch', type: 'int', default: 32, min: 1, max: 1024, help: 'Perturbed images per forward pass (across images).' },
  { name: 'tolerance', type: 'float', default: 0, min: 0, max: 1000, help: 'Pointing-game tolerance in model-input pixels (the paper uses 15 at full resolution).' },
  { name: 'iouThreshold', type: 'float', default: 0.5, min: 0, max: 1, help: 'IoU region: map ≥ this fraction of its maximum.' },
  { name: 'iouTopPercent', type: 'float', default: 0, min: 0, max: 100, help: 'When > 0, the IoU region is the top k% pixels instead.' },
];

export function getMetric(id: string): MetricDescriptor {
  const m = METRICS.find((x) => x.id === id);
  if (!m) throw new StudioError('unknown-metric', `unknown metric "${id}" (known: ${METRICS.map((x) => x.id).join(', ')})`);
  return m;
}
