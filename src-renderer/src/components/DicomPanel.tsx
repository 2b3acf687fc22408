import { useStudioState } from '../context';
import { FrameSlider } from './FrameSlider';
import { Facts, Panel } from './Panel';
import { TagBrowser } from './TagBrowser';

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/** Shown only for DICOM images. */
export function DicomPanel() {
  const dicom = useStudioState((s) => s.image?.dicom ?? null);
  const min = useStudioState((s) => s.image?.min ?? 0);
  const max = useStudioState((s) => s.image?.max ?? 0);
  if (!dicom) return null;
  const win = dicom.windowCenter !== null && dicom.windowWidth !== null ? `C ${num(dicom.windowCenter)} / W ${num(dicom.windowWidth)}` : 'none (full range)';
  return (
    <Panel title="DICOM">
      <Facts
        rows={[
          ['Modality', dicom.modality ?? '—'],
          ['Body part', [dicom.bodyPart, dicom.viewPosition, dicom.laterality && `lat. ${dicom.laterality}`].filter(Boolean).join(' · ') || '—'],
          ['Photometric', dicom.photometricInterpretation],
          ['Size', `${dicom.columns}×${dicom.rows}, ${dicom.bitsStored}/${dicom.bitsAllocated} bit`],
          ['Pixel spacing', dicom.pixelSpacing ? `${num(dicom.pixelSpacing[0])} × ${num(dicom.pixelSpacing[1])} mm` : '—'],
          ['Window', win],
          ['Rescale', `× ${num(dicom.rescaleSlope)} + ${num(dicom.rescaleIntercept)}`],
          // Kept as float: windowing works on these, not on an 8-bit copy.
          ['Values', `${num(min)} … ${num(max)}`],
          ['Transfer syntax', dicom.transferSyntaxName],
        ]}
      />
      <FrameSlider />
      <TagBrowser />
    </Panel>
  );
}
