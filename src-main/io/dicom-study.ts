// Studies and series from DICOM headers: the fields a study list shows, read
// from a parsed header, and a pure grouping by StudyInstanceUID and
// SeriesInstanceUID. Files without the UIDs are grouped under an empty UID,
// so that they are still listed rather than dropped.
import type { DataSet } from 'dicom-parser';
import type { DicomSeries, DicomStudy, DicomStudyImage } from '../api/dicom-types';

export interface StudyFields {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string | null;
  patientName: string | null;
  patientId: string | null;
  studyDate: string | null;
  studyDescription: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  modality: string | null;
  bodyPart: string | null;
  viewPosition: string | null;
  laterality: string | null;
  instanceNumber: number | null;
  frames: number;
}

export interface StudyEntry {
  name: string;
  path?: string;
  fileIndex?: number;
  fields: StudyFields;
}

/** Text of a header string; the UI shows it, so control characters and length are bounded here. */
const text = (ds: DataSet, tag: string, max = 64): string | null => {
  let v: string | undefined;
  try {
    v = ds.string(tag);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = (v ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean ? clean.slice(0, max) : null;
};

const int = (ds: DataSet, tag: string): number | null => {
  const v = Number.parseInt(text(ds, tag, 12) ?? '', 10);
  return Number.isSafeInteger(v) ? v : null;
};

/** PN "Family^Given^^^" reads as "Family Given". */
const personName = (v: string | null): string | null => v && v.replace(/\^+/g, ' ').trim();

export function readStudyFields(ds: DataSet): StudyFields {
  const frames = int(ds, 'x00280008');
  return {
    studyInstanceUID: text(ds, 'x0020000d') ?? '',
    seriesInstanceUID: text(ds, 'x0020000e') ?? '',
    sopInstanceUID: text(ds, 'x00080018'),
    patientName: personName(text(ds, 'x00100010')),
    patientId: text(ds, 'x00100020'),
    studyDate: text(ds, 'x00080020', 16),
    studyDescription: text(ds, 'x00081030'),
    seriesNumber: int(ds, 'x00200011'),
    seriesDescription: text(ds, 'x0008103e'),
    modality: text(ds, 'x00080060', 16),
    bodyPart: text(ds, 'x00180015', 16),
    viewPosition: text(ds, 'x00185101', 16),
    // Image Laterality (per image) first; Laterality (per series) where it is absent.
    laterality: text(ds, 'x00200062', 16) ?? text(ds, 'x00200060', 16),
    instanceNumber: int(ds, 'x00200013'),
    frames: frames !== null && frames > 0 ? frames : 1,
  };
}

const byNumberThenName = (a: { n: number | null; name: string }, b: { n: number | null; name: string }): number =>
  (a.n ?? Infinity) - (b.n ?? Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Groups entries into studies and series; series and images in number order, studies by date. */
export function groupStudies(entries: readonly StudyEntry[]): DicomStudy[] {
  const studies = new Map<string, { study: DicomStudy; series: Map<string, DicomSeries> }>();
  for (const e of entries) {
    const f = e.fields;
    let st = studies.get(f.studyInstanceUID);
    if (!st) {
      const study: DicomStudy = {
        studyInstanceUID: f.studyInstanceUID,
        patientName: f.patientName,
        patientId: f.patientId,
        studyDate: f.studyDate,
        studyDescription: f.studyDescription,
        series: [],
      };
      st = { study, series: new Map() };
      studies.set(f.studyInstanceUID, st);
    }
    let se = st.series.get(f.seriesInstanceUID);
    if (!se) {
      se = {
        seriesInstanceUID: f.seriesInstanceUID,
        seriesNumber: f.seriesNumber,
        seriesDescription: f.seriesDescription,
        modality: f.modality,
        bodyPart: f.bodyPart,
        viewPosition: f.viewPosition,
        laterality: f.laterality,
        images: [],
        frames: 0,
      };
      st.series.set(f.seriesInstanceUID, se);
    }
    const image: DicomStudyImage = {
      name: e.name,
      ...(e.path !== undefined ? { path: e.path } : {}),
      ...(e.fileIndex !== undefined ? { fileIndex: e.fileIndex } : {}),
      sopInstanceUID: f.sopInstanceUID,
      instanceNumber: f.instanceNumber,
      frames: f.frames,
    };
    se.images.push(image);
    se.frames += f.frames;
  }
  const out: DicomStudy[] = [];
  for (const { study, series } of studies.values()) {
    const list = [...series.values()];
    for (const s of list) s.images.sort((a, b) => byNumberThenName({ n: a.instanceNumber, name: a.name }, { n: b.instanceNumber, name: b.name }));
    list.sort((a, b) => byNumberThenName({ n: a.seriesNumber, name: a.seriesInstanceUID }, { n: b.seriesNumber, name: b.seriesInstanceUID }));
    out.push({ ...study, series: list });
  }
  return out.sort((a, b) => (a.studyDate ?? '').localeCompare(b.studyDate ?? '') || a.studyInstanceUID.localeCompare(b.studyInstanceUID));
}
