// Types of weakly supervised localisation (saliency → segmentation → box).
import type { ClassScore, ParamValues, TargetSpec } from './common';

export type Segmenter = 'graphcut' | 'threshold';

export interface LocalizeRequest {
  jobId: string;
  modelId: string;
  imageId: string;
  /** Saliency method from the registry (default: the paper's gradient saliency). */
  method?: string;
  target?: TargetSpec;
  params?: ParamValues;
  segmenter?: Segmenter;
  /** Seed quantiles (0…1): the paper's 0.95 (object) and 0.3 (background). */
  fgQuantile?: number;
  bgQuantile?: number;
}

export interface LocalizeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LocalizeResult {
  jobId: string;
  method: string;
  segmenter: Segmenter;
  target: ClassScore;
  shape: [number, number];
  saliency: Float32Array;
  /** 1 = object, row-major [h, w] at the model-input resolution. */
  mask: Uint8Array;
  /** Box of the mask's largest connected component (null: empty mask). */
  box: LocalizeBox | null;
  fgSeeds: number;
  bgSeeds: number;
  ms: number;
  /** When a ground-truth `<stem>.mask.png` sits beside the image. */
  truth?: { iou: number; boxIou: number; pointing: boolean };
}

export interface LocalizeEvalRow {
  method: string;
  segmenter: Segmenter;
  /** Samples with an object (non-empty ground truth). */
  n: number;
  meanIou: number;
  meanBoxIou: number;
  pointingHits: number;
  pointingRate: number;
}

export interface LocalizeEvalResult {
  jobId: string;
  manifest: string;
  rows: LocalizeEvalRow[];
  samples: { file: string; method: string; segmenter: Segmenter; iou: number; boxIou: number; pointing: boolean }[];
  ms: number;
}
