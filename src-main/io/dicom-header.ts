// DICOM attributes this project reads, and the transfer syntax dictionary used
// to name a syntax in errors (a UID alone tells a user nothing).
import type { DataSet } from 'dicom-parser';
import type { DicomHeader } from '../api/types';

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  jpegLossless14: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  rle: '1.2.840.10008.1.2.5',
} as const;

export const SUPPORTED_SYNTAXES: ReadonlySet<string> = new Set(Object.values(TS));

const SYNTAX_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless Image Compression',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless) Image Compression',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component Image Compression',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

export function transferSyntaxName(uid: string): string {
  return SYNTAX_NAMES[uid] ?? 'unknown transfer syntax';
}

/** Everything the pixel decoders need, plus the API's DicomHeader. */
export interface DicomImageAttrs {
  header: DicomHeader;
  samplesPerPixel: number;
  planarConfiguration: number;
  highBit: number;
  frames: number;
}

const str = (ds: DataSet, tag: string): string | null => {
  const v = ds.string(tag);
  return v === undefined || v === '' ? null : v;
};

/** A CS value upper-cased and bounded (PS3.5: 16 characters), or null. */
const codeString = (ds: DataSet, tag: string): string | null => {
  const v = str(ds, tag);
  return v ? v.trim().toUpperCase().slice(0, 16) || null : null;
};

/** First value of a DS element (multi-valued WC/WW: the first is the default). */
const firstNumber = (ds: DataSet, tag: string): number | null => {
  const raw = ds.string(tag);
  if (!raw) return null;
  const v = Number.parseFloat(raw.split('\\')[0]);
  return Number.isFinite(v) ? v : null;
};

export function readImageAttrs(ds: DataSet, transferSyntaxUID: string): DicomImageAttrs {
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const slope = firstNumber(ds, 'x00281053');
  // Pixel Spacing (patient plane, calibrated in a projection radiograph) before Imager Pixel Spacing (at the detector).
  const spacingSource = ds.string('x00280030') ? 'PixelSpacing' : ds.string('x00181164') ? 'ImagerPixelSpacing' : null;
  const spacing = (ds.string('x00280030') ?? ds.string('x00181164') ?? '').split('\\').map(Number.parseFloat);
  const magnification = firstNumber(ds, 'x00181114');
  const width = firstNumber(ds, 'x00281051');
  const header: DicomHeader = {
    modality: str(ds, 'x00080060'),
    photometricInterpretation: (str(ds, 'x00280004') ?? 'MONOCHROME2').toUpperCase(),
    transferSyntaxUID,
    transferSyntaxName: transferSyntaxName(transferSyntaxUID),
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    bitsAllocated,
    bitsStored,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    // A zero slope would flatten the image; treat it as absent, as viewers do.
    rescaleSlope: slope === null || slope === 0 ? 1 : slope,
    rescaleIntercept: firstNumber(ds, 'x00281052') ?? 0,
    windowCenter: width !== null && width > 0 ? firstNumber(ds, 'x00281050') : null,
    windowWidth: width !== null && width > 0 && firstNumber(ds, 'x00281050') !== null ? width : null,
    pixelSpacing: spacing.length >= 2 && spacing.every(Number.isFinite) ? [spacing[0], spacing[1]] : null,
    pixelSpacingSource: spacing.length >= 2 && spacing.every(Number.isFinite) ? spacingSource : null,
    magnificationFactor: magnification !== null && magnification > 0 ? magnification : null,
    patientId: str(ds, 'x00100020'),
    studyDescription: str(ds, 'x00081030'),
    // What the out-of-distribution check compares with a model's declared inputs (model/distribution.ts).
    bodyPart: codeString(ds, 'x00180015'),
    viewPosition: codeString(ds, 'x00185101'),
    laterality: codeString(ds, 'x00200062') ?? codeString(ds, 'x00200060'),
  };
  return {
    header,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    highBit: ds.uint16('x00280102') ?? bitsStored - 1,
    frames: frameCount(ds),
  };
}

function frameCount(ds: DataSet): number {
  const n = ds.intString('x00280008');
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 1;
}
