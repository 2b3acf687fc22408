// exportDicomSc: an open DICOM image's map overlay as a Secondary Capture. The
// overlay is composed here, at the image's size, with the viewer's style (alpha
// ramp, threshold: io/overlay-shown.ts), and what is written is exactly that.
import { StudioError } from '../api/errors';
import type { DicomScRequest, DicomScResult } from '../api/dicom-export-types';
import { readRegularFile } from '../core/safe-read';
import { secondaryCapture } from '../io/dicom-sc';
import { isPart10 } from '../io/dicom-part10';
import { FILE_BYTE_LIMIT } from '../io/limits';
import { renderShownOverlay } from '../io/overlay-shown';
import { COLORMAPS, isColormapName } from '../shared/colormap';
import type { OpenImage } from './open-items';

/** The method's label as a file-name part (letters, digits, dashes). */
const slug = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'map';

export async function exportDicomSc(img: OpenImage, req: DicomScRequest): Promise<DicomScResult> {
  if (img.decoded.kind !== 'dicom')
    throw new StudioError('bad-request', `${img.info.name} is not a DICOM image: a Secondary Capture needs a DICOM source to reference`);
  // Uploads keep their bytes; an image opened by path is read again (it may be large, and is needed only here).
  const source = img.source ?? new Uint8Array(await readRegularFile(img.info.path, { maxBytes: FILE_BYTE_LIMIT, label: img.info.name }));
  if (!isPart10(source)) throw new StudioError('unsupported', `${img.info.name} has no Part 10 header (DICM): its study cannot be referenced`);
  const { colormap } = req.style;
  if (!isColormapName(colormap)) throw new StudioError('bad-request', `"style.colormap" must be one of ${COLORMAPS.join(', ')}`);
  const overlay = renderShownOverlay(img.decoded, req.map, req.shape, { ...req.style, colormap });
  const r = secondaryCapture(source, overlay, { method: req.method, target: req.target, layer: req.layer, colormap: req.style.colormap }, req.privacy, {
    seriesInstanceUID: req.seriesInstanceUID,
    seriesKey: req.seriesKey,
    instanceNumber: req.instanceNumber,
  });
  return {
    bytes: r.bytes,
    name: `${slug(req.method)}-${r.sopInstanceUID.slice(-8)}.sc.dcm`,
    studyInstanceUID: r.studyInstanceUID,
    seriesInstanceUID: r.seriesInstanceUID,
    sopInstanceUID: r.sopInstanceUID,
  };
}
