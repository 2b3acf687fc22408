// Writing DICOM out (issue 20, items 4–5): the privacy settings every writer
// applies, and the Secondary Capture export of a map's overlay. Plain data.

/** Whether what the app writes may carry patient-identifying attributes; off unless the user opts in. */
export interface PrivacySettings {
  /** True only after the user confirmed: identifying attributes are written as they are. */
  identifiable: boolean;
  /** The project's secret for consistent pseudonyms and UIDs (io/deidentify.ts). */
  salt: string;
  /** De-identified dates: shifted by a fixed per-project offset, or kept. */
  dates: 'shift' | 'keep';
}

export interface DicomScRequest {
  imageId: string;
  /** The map at its own resolution (ExplainResult.map/shape): the engine composes the overlay at the image's size. */
  map: Float32Array;
  shape: [number, number];
  /** colormap: one of shared/colormap.ts COLORMAPS (the engine checks; api/ imports nothing from shared/). */
  style: {
    colormap: string;
    opacity: number;
    mode: 'abs' | 'signed' | 'raw';
    clipPercentile?: number;
    /** As the viewer draws it: 'ramp' (default) fades low values, 'flat' blends at `opacity` everywhere. */
    alpha?: 'ramp' | 'flat';
    /** Fraction of the display range below which the map is hidden (null: none). */
    threshold?: number | null;
  };
  /** What DerivationDescription names: the method's label, the explained class, the layer. */
  method: string;
  target: string;
  layer?: string | null;
  privacy: PrivacySettings;
  /** Several captures of one source in one series: the series of the first. */
  seriesInstanceUID?: string;
  /**
   * Instead of a series UID: captures with one key and one source series share a new
   * series derived from both and the salt, each numbered as its source instance, so
   * the shards of a job array agree without talking (explain --images --dicom-out).
   */
  seriesKey?: string;
  instanceNumber?: number;
}

export interface DicomScResult {
  /** The Part 10 file (Explicit VR Little Endian, Secondary Capture Image Storage). */
  bytes: Uint8Array;
  /** A file name without anything identifying: the method and the new SOP Instance UID's tail. */
  name: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}
