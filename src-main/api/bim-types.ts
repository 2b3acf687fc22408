// Types of the BIM benchmark op (src-main/bim/): request and the two result
// shapes, one per variant.
import type { ParamValues } from './common';

export type BimVariant = 'objects' | 'chest-marker';

export interface BimRequest {
  jobId: string;
  /** Registry method ids (default: saliency, gradient-input, integrated-gradients, smoothgrad, guided-backprop, gradcam, occlusion, rise). */
  methods?: string[];
  variant?: BimVariant;
  /** Evaluation images (default 16 for objects, 12 for chest-marker). */
  n?: number;
  /** Per-method parameters over the benchmark's own defaults. */
  params?: Record<string, ParamValues>;
  /** IIR threshold t (default 0.1). */
  t?: number;
  /** TCAV model contrast score (objects variant; default true). */
  tcav?: boolean;
}

export interface BimMethodRow {
  method: string;
  /** Model contrast score: mean g_object − g_scene on the object region. */
  mcs: number;
  /** Input dependence rate (scene model, with vs without the object). */
  idr: number;
  /** Input independence rate over the pairs the scene model is insensitive to. */
  iir: number;
  iirPairs: number;
  /** Mean region attribution per model (the two terms of MCS). */
  gObject: number;
  gScene: number;
  ms: number;
}

export interface BimTcav {
  layer: string;
  concepts: { concept: string; object: number; scene: number; objectSignificant: boolean; sceneSignificantClasses: number }[];
  /** Mean over concepts of TCAV(object model) − TCAV(scene model); insignificant scores count as 0. */
  mcs: number;
}

export interface BimObjectsResult {
  variant: 'objects';
  images: number;
  /** Images both models classify right (the paper scores only those), used for MCS/IDR. */
  used: number;
  accuracy: { object: number; scene: number; sceneWithoutObject: number };
  t: number;
  rows: BimMethodRow[];
  tcav: BimTcav | null;
  ms: number;
}

export interface MarkerRow {
  method: string;
  /** Mean share of the |map| mass inside the marker box, per model. */
  shareShortcut: number;
  shareClean: number;
  ratio: number;
  /** ratio ≥ 2: the method shows that the shortcut model looks at the marker. */
  reveals: boolean;
  ms: number;
}

export interface ChestMarkerResult {
  variant: 'chest-marker';
  images: number;
  /** Accuracy with the marker independent of the label, and reversed (normal images marked, nodules not). */
  accuracy: { shortcut: { independent: number; reversed: number }; clean: { independent: number; reversed: number } };
  boxFraction: number;
  rows: MarkerRow[];
  ms: number;
}

export type BimResult = BimObjectsResult | ChestMarkerResult;
