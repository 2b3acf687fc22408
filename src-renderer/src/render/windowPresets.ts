// Window presets: the CT ones radiologists use (centre/width in HU) and three
// that fit any image: the file's own VOI window, the full range, and the
// 1st–99th percentile (ignores a few hot or dead pixels).
import type { ImageInfo, ImagePixels } from '../../../src-main/api/types';
import type { DisplayWindow } from '../state/types';
import { windowFromBounds } from './windowLevel';

export interface WindowPreset {
  id: string;
  label: string;
  window: DisplayWindow;
}

/** Centre/width in Hounsfield units. */
export const CT_PRESETS: readonly WindowPreset[] = [
  { id: 'lung', label: 'Lung', window: { center: -600, width: 1500 } },
  { id: 'mediastinum', label: 'Mediastinum', window: { center: 40, width: 400 } },
  { id: 'bone', label: 'Bone', window: { center: 400, width: 1800 } },
  { id: 'brain', label: 'Brain', window: { center: 40, width: 80 } },
];

/** Percentiles are taken on at most this many evenly spaced samples (a 4k image has 16 M); 2^16 keeps the sort within ~10 ms on open. */
export const PERCENTILE_SAMPLES = 1 << 16;

/** percentile() of values already sorted, NaN-free: the same interpolation between ranks. */
function ranked(sorted: Float32Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

export function percentileWindow(data: ArrayLike<number>, lowP = 1, highP = 99, maxSamples = PERCENTILE_SAMPLES): DisplayWindow {
  const stride = Math.max(1, Math.ceil(data.length / maxSamples));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  for (let i = 0, k = 0; i < data.length; i += stride, k++) sample[k] = data[i];
  // One sort for both ends (percentile() sorts a copy per call: two sorts were ~80 ms on every open).
  const sorted = sample.filter((v) => !Number.isNaN(v)).sort();
  return windowFromBounds(ranked(sorted, lowP), ranked(sorted, highP));
}

export function windowPresets(info: Pick<ImageInfo, 'min' | 'max' | 'dicom'>, pixels: Pick<ImagePixels, 'data' | 'window'>): WindowPreset[] {
  const d = info.dicom;
  const voi = d && d.windowCenter !== null && d.windowWidth !== null ? { center: d.windowCenter, width: d.windowWidth } : null;
  const out: WindowPreset[] = [
    voi
      ? { id: 'voi', label: 'DICOM default (VOI)', window: voi }
      : { id: 'voi', label: 'Default', window: windowFromBounds(pixels.window[0], pixels.window[1]) },
    { id: 'full', label: 'Full range', window: windowFromBounds(info.min, info.max) },
    { id: 'p1-99', label: '1–99 percentile', window: percentileWindow(pixels.data) },
  ];
  return d?.modality === 'CT' ? [...CT_PRESETS, ...out] : out;
}
