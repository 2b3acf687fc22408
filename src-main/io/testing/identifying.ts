// The identifying values of a real DICOM source, read with dicom-parser (not
// the code under test), and a byte search for them in anything written.
import dicomParser from 'dicom-parser';

/** Attributes whose values must not leave the app unless the user opted in: [tag, keyword]. */
const IDENTIFYING: readonly [string, string][] = [
  ['x00100010', 'PatientName'],
  ['x00100020', 'PatientID'],
  ['x00100030', 'PatientBirthDate'],
  ['x00080050', 'AccessionNumber'],
  ['x00080080', 'InstitutionName'],
  ['x00081010', 'StationName'],
  ['x00321032', 'RequestingPhysician'],
  ['x0018700a', 'DetectorID'],
  ['x001021b0', 'AdditionalPatientHistory'],
  ['x00200010', 'StudyID'],
  ['x00400253', 'PerformedProcedureStepID'],
  ['x0020000d', 'StudyInstanceUID'],
  ['x0020000e', 'SeriesInstanceUID'],
  ['x00080018', 'SOPInstanceUID'],
];

/** keyword → value, for the attributes the source has with a value of 4 characters or more (shorter ones match by chance). */
export function identifyingValues(source: Uint8Array): Record<string, string> {
  const ds = dicomParser.parseDicom(source);
  const out: Record<string, string> = {};
  // A vendor's name is kept (not identifying); an institution named like it (MR_small: "TOSHIBA") cannot be looked for.
  const kept = [ds.string('x00080070'), ds.string('x00081090')].join('\\');
  for (const [tag, keyword] of IDENTIFYING) {
    const v = ds.string(tag)?.replace(/\0/g, '').trim();
    if (v && v.length >= 4 && !kept.includes(v)) out[keyword] = v;
  }
  return out;
}

/** The keywords whose value occurs anywhere in `bytes` (as Latin-1/UTF-8 text). */
export function leaks(bytes: Uint8Array, values: Record<string, string>): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return Object.entries(values)
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
}
