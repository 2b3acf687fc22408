// DICOM studies, series and tag rows as they cross a host boundary (plain data).
import type { UploadedFile } from './common';

export type { DistributionCheck } from './common';

/** One image of a series: where it came from (a path under the folder, or the index of an uploaded file). */
export interface DicomStudyImage {
  name: string;
  /** The file's path (folder requests). */
  path?: string;
  /** Index into the request's `files` (upload requests). */
  fileIndex?: number;
  sopInstanceUID: string | null;
  instanceNumber: number | null;
  frames: number;
}

export interface DicomSeries {
  seriesInstanceUID: string;
  seriesNumber: number | null;
  seriesDescription: string | null;
  modality: string | null;
  bodyPart: string | null;
  viewPosition: string | null;
  laterality: string | null;
  /** Sorted by InstanceNumber, then name. */
  images: DicomStudyImage[];
  /** Frames over all images (a multi-frame image counts its frames). */
  frames: number;
}

export interface DicomStudy {
  studyInstanceUID: string;
  patientName: string | null;
  patientId: string | null;
  /** StudyDate as written (YYYYMMDD). */
  studyDate: string | null;
  studyDescription: string | null;
  series: DicomSeries[];
}

export interface DicomStudiesRequest {
  /** A folder to walk (Electron, CLI): only files inside it are read. */
  folder?: string;
  /** Uploaded files (web host): each its header bytes at least (the renderer sends each file's first bytes). */
  files?: UploadedFile[];
}

export interface DicomStudiesResult {
  studies: DicomStudy[];
  /** Files that were not DICOM or whose header could not be read, with why. */
  skipped: { name: string; reason: string }[];
  /** True when the file count limit cut the listing short. */
  truncated: boolean;
}

/** One data element for the tag browser; a sequence carries its items' elements. */
export interface DicomTagRow {
  /** "(gggg,eeee)", upper-case hex. */
  tag: string;
  vr: string;
  /** Dictionary keyword (dcmjs' DICOM dictionary), or "Private tag" / "Unknown". */
  name: string;
  /** Shown value: text, numbers joined with "\\", or a summary of long or binary values. */
  value: string;
  items?: DicomTagRow[][];
}

export interface DicomTagsResult {
  rows: DicomTagRow[];
  /** Rows in all, nested ones included. */
  count: number;
  /** True when the row limit cut the listing short. */
  truncated: boolean;
}

/** A per-image statistic of the preprocessed input over the training set: its mean and standard deviation across images. */
export interface InputStatRange {
  mean: number;
  sd: number;
}

/**
 * What a model declares about its inputs (saliency-studio.json "expects"):
 * DICOM code strings it was trained on, and the spread of its training
 * inputs' per-image mean and standard deviation after preprocessing.
 */
export interface ModelExpects {
  modality?: string[];
  bodyPart?: string[];
  viewPosition?: string[];
  inputMean?: InputStatRange;
  inputStd?: InputStatRange;
  /** |z| above this is out of range (default 3). */
  zLimit?: number;
}
