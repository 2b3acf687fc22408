// The typed contract between every host (Electron IPC, loopback web host, CLI)
// and the engine. Plain data only: it crosses worker, IPC and WebSocket
// boundaries, so no classes and no tensors. Imported by the renderer as types.

import type {
  ExplainResult,
  InputPreview,
  ParamValues,
  PreprocessSpec,
  Prediction,
  SegmentationRegion,
  TargetRegion,
  TargetSpec,
  UploadedFile,
} from './common';
import type { EvaluateRequest, EvaluateResult, SanityRequest, SanityResult, TcavApiResult, TcavRequest } from './evaluate-types';
import type { BimRequest, BimResult } from './bim-types';
import type { Catalog } from './catalog-types';
import type { ProjectApi } from './project-types';
import type { ExperimentRow, NewExperiment, ScoreMaskedRequest, ScoreMaskedResult, SegmentsResult, RegionLabels } from './masking-types';
import type { ClassModelAction, ClassModelRequest, ClassModelResult, ClassModelStatus, ClassModelFrame } from './class-model-types';
import type { LocalizeEvalResult, LocalizeRequest, LocalizeResult, Segmenter } from './localize-types';
import type { ParamType, ParamSpec, MethodFamily, MethodDescriptor } from './common';
import type { DicomStudiesRequest, DicomStudiesResult, DicomTagsResult, ModelExpects } from './dicom-types';
import type { DicomScRequest, DicomScResult } from './dicom-export-types';
import type { TrustCardRequest, TrustCardResult } from './trust-card-types';

export type { ParamType, ParamSpec, MethodFamily, MethodDescriptor };

// The areas' types, re-exported so every caller imports from one place.
export type * from './common';
export type * from './masking-types';
export type * from './class-model-types';
export type * from './localize-types';
export type * from './catalog-types';
export type * from './dicom-types';
export type * from './dicom-export-types';
export type * from './trust-card-types';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendRung {
  name: BackendName;
  /** Why this rung was not used (absent for the chosen one and rungs below it). */
  skipped?: string;
}

export interface EngineInfo {
  backend: BackendName;
  /** Every rung tried, best first, with the reason each better one was skipped. */
  ladder: BackendRung[];
  tfjsVersion: string;
  /** wasm kernels this project registered because the backend lacked them. */
  addedKernels: string[];
  /** Stock wasm kernels replaced by this project's because they were wrong or too slow. */
  replacedKernels: string[];
  pixelLimit: number;
  /** Samples (pixels × channels) one image may hold, which bounds colour images below pixelLimit (io/limits.ts). */
  sampleLimit?: number;
  /** Live tfjs tensors and bytes, and the engine process' resident set, when info() was called. */
  memory?: { tensors: number; bytes: number; rss: number };
  /** Job workers that run jobs side by side (engine/pool.ts); absent: one. */
  workers?: number;
}

export interface LayerInfo {
  name: string;
  /** A readable name where the file's is a path (ONNX from PyTorch: features.denseblock4.denselayer16.conv2). */
  label?: string;
  className: string;
  outputShape: (number | null)[];
  /** A spatial output ([n,h,w,c], h·w > 1) that feeds the classifier head: a CAM target. */
  camEligible?: boolean;
}

export interface ModelInfo {
  id: string;
  path: string;
  name: string;
  format: 'layers-model' | 'graph-model' | 'saved-model' | 'onnx';
  /** Input shape as the model declares it, batch axis included (e.g. [null,28,28]). */
  inputShape: (number | null)[];
  /** Spatial size and channels the image pipeline produces for this model. */
  inputHeight: number;
  inputWidth: number;
  inputChannels: number;
  numClasses: number;
  labels: string[] | null;
  layers: LayerInfo[];
  preprocess: PreprocessSpec;
  /** Which output of a multi-output model holds the class scores. */
  outputIndex: number;
  numOutputs: number;
  /** True when the class output ends in softmax and logits were recovered before it. */
  logitsFromSoftmax: boolean;
  /**
   * softmax: classes compete (probabilities sum to 1); sigmoid: multi-label,
   * each class its own sigmoid of its logit. From the model's last activation,
   * else the sidecar's "head", else softmax (and a warning says it was assumed).
   */
  head: 'softmax' | 'sigmoid';
  defaultLayer: string | null;
  /** The automatic CAM layer: the last eligible layer before the head. */
  autoLayer?: string | null;
  /** A segmentation output [n,C,H,W]: how its pixels' logits make class scores by default (an explain request's targetRegion may choose another). */
  segmentation?: SegmentationRegion;
  /** Where forward-only passes run when not on the engine's tfjs backend, e.g. 'onnxruntime 1.30.0 (cpu, 2 threads)'. */
  forwardRuntime?: string;
  /** Where plain input gradients run when not on tfjs (saliency, Gradient×Input, IG, the noise tunnels, GradientSHAP, XRAI). */
  gradientRuntime?: string;
  /** The sidecar's declaration of what the model was trained on (out-of-distribution check). */
  expects?: ModelExpects;
  warnings: string[];
}

export interface DicomHeader {
  modality: string | null;
  photometricInterpretation: string;
  transferSyntaxUID: string;
  transferSyntaxName: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  pixelSpacing: [number, number] | null;
  /** Which attribute pixelSpacing came from: Pixel Spacing (0028,0030) or Imager Pixel Spacing (0018,1164). */
  pixelSpacingSource?: 'PixelSpacing' | 'ImagerPixelSpacing' | null;
  /** Estimated Radiographic Magnification Factor (0018,1114), when present. */
  magnificationFactor?: number | null;
  patientId?: string | null;
  studyDescription?: string | null;
  /** BodyPartExamined, ViewPosition, ImageLaterality (else Laterality), upper-cased: the out-of-distribution check reads them. */
  bodyPart?: string | null;
  viewPosition?: string | null;
  laterality?: string | null;
}

/**
 * A decoded image in its own units. `pixels` holds rows × cols × channels
 * values in row-major order: for DICOM these are modality values (after
 * rescale slope/intercept, before windowing, MONOCHROME1 not yet inverted);
 * for ordinary images they are the stored 8- or 16-bit samples.
 */
export interface ImageInfo {
  id: string;
  path: string;
  name: string;
  kind: 'raster' | 'dicom';
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  bitDepth: 8 | 16 | 32;
  /** Range of the stored values, used for display and for model scaling. */
  min: number;
  max: number;
  dicom: DicomHeader | null;
  /** DICOM: frames in the file and the one open (0-based); openImage's `frame` chooses it. */
  frames?: number;
  frame?: number;
}

export interface ImagePixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  /** Float32 so 16-bit and rescaled DICOM values keep full precision; a raster's display level keeps its 8- or 16-bit samples (fewer bytes to send). */
  data: Float32Array | Uint8Array | Uint16Array;
  /** Default display window [low, high] (DICOM VOI LUT, or the full range). */
  window: [number, number];
  /** MONOCHROME1: high values are dark. */
  invert: boolean;
  /** Present when this is a reduced display level (imagePixels with maxSide): the full image's size, which the level covers whole. */
  full?: { width: number; height: number };
}

/** A region of the full image (imageTile): its samples, reduced to fit maxSide when larger, and where it lies in full image pixels. */
export interface ImageTile extends Omit<ImagePixels, 'full'> {
  region: { x: number; y: number; width: number; height: number };
}

export interface ExplainRequest {
  modelId: string;
  imageId: string;
  method: string;
  target?: TargetSpec;
  layer?: string | null;
  params?: ParamValues;
  /** User-drawn regions as LIME's and KernelSHAP's interpretable features instead of superpixels. */
  regions?: RegionLabels;
  /** Segmentation models only: the region class k's logits are summed over to make the score every method explains. */
  targetRegion?: TargetRegion;
}

export interface JobProgress {
  jobId: string;
  /** Work done and in all, in the job's finest unit (batches, maps, per-mille): what a progress bar shows. */
  done: number;
  total: number;
  /** For people to read; never parsed (the fields below say what a program needs). */
  message?: string;
  /** The stage of a job that has several: e.g. 'training' then 'maps' (data randomisation), 'maps' then 'metrics' (evaluate). */
  phase?: string;
  /** Whole units finished so far where `done`/`total` count finer work: e.g. 3 of 12 epochs trained, 8 of 30 images evaluated. */
  step?: { done: number; total: number; unit: string };
  /** Class-model runs: the image and scores at this step (see ClassModelFrame). */
  frame?: ClassModelFrame;
}

export interface DemoEntry {
  id: string;
  label: string;
  modelPath: string;
  images: { name: string; path: string }[];
}

/** The one table of operations every host serves. */
export interface StudioApi {
  info(): Promise<EngineInfo>;
  methods(): Promise<MethodDescriptor[]>;
  /** Every method, control and metric as plain descriptors: what pickers and forms are built from. */
  catalog(): Promise<Catalog>;
  demos(): Promise<DemoEntry[]>;
  openModel(req: { path?: string; files?: UploadedFile[]; preprocess?: Partial<PreprocessSpec> }): Promise<ModelInfo>;
  /** `frame`: which frame of a multi-frame DICOM to open (0-based; default the first). */
  openImage(req: { path?: string; file?: UploadedFile; frame?: number }): Promise<ImageInfo>;
  /** DICOM studies and series among uploaded files or under a folder, from their headers only (io/dicom-study-read.ts). */
  dicomStudies(req: DicomStudiesRequest): Promise<DicomStudiesResult>;
  /** Every data element of an open DICOM image, for the tag browser (io/dicom-tags.ts). */
  dicomTags(req: { imageId: string }): Promise<DicomTagsResult>;
  /** maxSide: a display level, area-averaged to at most this many pixels on the longer side (the full image when it fits). */
  imagePixels(req: { imageId: string; maxSide?: number }): Promise<ImagePixels>;
  /** The region x, y, w, h (full image pixels, inside the image) at full resolution, box-reduced when its longer side passes maxSide. */
  imageTile(req: { imageId: string; x: number; y: number; w: number; h: number; maxSide: number }): Promise<ImageTile>;
  /** A map's overlay on an open DICOM image as a DICOM Secondary Capture in the source's study (io/dicom-sc.ts), de-identified unless privacy says identifiable. */
  exportDicomSc(req: DicomScRequest): Promise<DicomScResult>;
  /** An image's model input rendered back to 8-bit RGBA (model/input-preview.ts); `preprocess` previews a spec before a reopen applies it. */
  inputPreview(req: { modelId: string; imageId: string; preprocess?: Partial<PreprocessSpec> }): Promise<InputPreview>;
  /** Releases an open model or image; its id is unknown afterwards. `closed` is false when it was not open. */
  closeModel(req: { modelId: string }): Promise<{ closed: boolean }>;
  closeImage(req: { imageId: string }): Promise<{ closed: boolean }>;
  predict(req: { modelId: string; imageId: string; topK?: number }): Promise<Prediction>;
  /** Starts a job; progress arrives through the host's event channel. */
  explain(req: ExplainRequest & { jobId: string }): Promise<ExplainResult>;
  cancel(req: { jobId: string }): Promise<{ cancelled: boolean }>;
  /** A live class-model run; resolves when it stops. Frames arrive as progress of req.jobId. */
  classModel(req: ClassModelRequest): Promise<ClassModelResult>;
  /** New parameter values for a running class model; they apply at its next step. */
  classModelUpdate(req: { runId: string; params: ParamValues }): Promise<{ params: ParamValues }>;
  classModelControl(req: { runId: string; action: ClassModelAction }): Promise<{ status: ClassModelStatus }>;
  /** Weakly supervised localisation: a saliency map segmented into an object mask and box. */
  localize(req: LocalizeRequest): Promise<LocalizeResult>;
  /** Localisation scores over a sample set with ground-truth masks (manifest.json of the chest phantom demo). */
  localizeEvaluate(req: {
    jobId: string;
    modelId: string;
    manifest: string;
    methods?: string[];
    segmenters?: Segmenter[];
    fgQuantile?: number;
    bgQuantile?: number;
    /** The manifest entries (their `file` as written) to run, e.g. a job-array shard's; absent: all. */
    files?: string[];
  }): Promise<LocalizeEvalResult>;
  /** Methods (and controls) × metrics over images: per-image rows, mean ± std, mean deletion/insertion curves. */
  evaluate(req: EvaluateRequest): Promise<EvaluateResult>;
  /** Adebayo et al.'s sanity checks: cascading/independent parameter randomisation or data randomisation. */
  sanity(req: SanityRequest): Promise<SanityResult>;
  /** Kim et al.'s TCAV over image folders: concept vs random CAVs at a layer, with a t-test against random-vs-random CAVs. */
  tcav(req: TcavRequest): Promise<TcavApiResult>;
  /** The BIM benchmark (Yang & Kim 2019) on the committed demo pairs: MCS/IDR/IIR per method, or the chest laterality-marker shortcut. */
  bim(req: BimRequest): Promise<BimResult>;
  /**
   * The engine's job workers (issue 17), and with `count` a new number of them
   * (the UI's preference, kept for the next start). The in-process engine (CLI) has one.
   */
  jobWorkers(req: { count?: number }): Promise<JobWorkersInfo>;
  /** The masking lab: scores of the image with each mask's region filled, all in one batch. */
  scoreMasked(req: ScoreMaskedRequest): Promise<ScoreMaskedResult>;
  /** One map's trust card: sparseness, max-sensitivity, random-logit and ADCC vs Fake-CAM, each with a reading (computed in evaluation/trust-card-job.ts, read in shared/trust-card.ts). */
  trustCard(req: TrustCardRequest): Promise<TrustCardResult>;
  /** Felzenszwalb superpixels at the image's resolution. */
  segments(req: { imageId: string; scale?: number; minSize?: number }): Promise<SegmentsResult>;
  /** The persisted experiment log, oldest first. */
  experimentLog(): Promise<ExperimentRow[]>;
  addExperiment(req: { row: NewExperiment }): Promise<ExperimentRow>;
  /** Deletes the given rows, or every row when `ids` is absent. */
  deleteExperiments(req: { ids?: string[] }): Promise<{ deleted: number }>;
  /** Projects (.ssproj): kept by the host process (project/store.ts), not the engine worker. */
  saveProject: ProjectApi['saveProject'];
  openProject: ProjectApi['openProject'];
  recentProjects: ProjectApi['recentProjects'];
  autosave: ProjectApi['autosave'];
  autosaveStatus: ProjectApi['autosaveStatus'];
  restoreAutosave: ProjectApi['restoreAutosave'];
  dismissAutosave: ProjectApi['dismissAutosave'];
}

/** See StudioApi.jobWorkers. */
export interface JobWorkersInfo {
  workers: number;
  /** What the machine's cores and free memory give (pool.ts defaultJobWorkers). */
  default: number;
  /** Whether `count` may change it here. */
  resizable: boolean;
}

export type ApiOp = keyof StudioApi;

/** Errors that cross a host boundary: a code the UI can branch on and one clear line. */
export interface ApiErrorShape {
  code: string;
  message: string;
}

/** What a host serves: the operations plus the stream of job progress. */
export interface StudioBackend extends StudioApi {
  onProgress(cb: (p: JobProgress) => void): () => void;
  close(): Promise<void>;
}
