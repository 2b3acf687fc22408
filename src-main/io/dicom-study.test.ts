// Studies and series from real DICOM copies with new UIDs (testing/dicom-study-fixtures.ts).
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, shared } from '../testing/shared-data';
import { groupStudies, type StudyFields } from './dicom-study';
import { readStudies, STUDY_FILE_LIMIT } from './dicom-study-read';
import { HIP, SERIES, STUDY_UID, testUid, writeStudyFolder } from './testing/dicom-study-fixtures';

describe.skipIf(!HAVE_SHARED)('a study folder of two series (real files, new UIDs)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-study-'));
    writeStudyFolder(dir);
    // A link out of the folder is never followed.
    await symlink(shared('dicom', HIP), join(dir, 'd-link-to-hip.dcm'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('groups by Study and Series Instance UID, images in instance order, with the header fields', async () => {
    const r = await readStudies({ folder: dir });
    expect(r.truncated).toBe(false);
    expect(r.studies.map((s) => s.studyInstanceUID)).toEqual([STUDY_UID]);
    const [study] = r.studies;
    // The study's fields come from its first file in name order (a-dog-1.dcm): the dog's.
    expect([study.patientName, study.patientId, study.studyDate]).toEqual(['Dog AVeryGood', '123456', '20200125']);
    expect(
      study.series.map((s) => [s.seriesInstanceUID, s.seriesNumber, s.modality, s.bodyPart, s.viewPosition, s.laterality, s.images.length, s.frames]),
    ).toEqual([
      [SERIES.dog, 1, 'DX', 'THORAX', null, 'L', 2, 2],
      [SERIES.cspine, 2, 'CR', 'CSPINE', 'LL', null, 1, 1],
    ]);
    const dog = study.series[0].images;
    expect(dog.map((i) => [i.name, i.instanceNumber, i.sopInstanceUID])).toEqual([
      ['a-dog-1.dcm', 1, testUid('dog-1')],
      ['b-dog-2.dcm', 2, testUid('dog-2')],
    ]);
    expect(dog[0].path?.endsWith('a-dog-1.dcm')).toBe(true);
    expect(r.skipped).toEqual([{ name: 'notes.txt', reason: 'not a DICOM Part 10 file (no DICM marker at byte 128)' }]);
  });

  it('reads uploaded heads the same way, naming each image by its index in the upload', async () => {
    const names = ['c-cspine-1.dcm', 'b-dog-2.dcm', 'a-dog-1.dcm'];
    const files = await Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })));
    const r = await readStudies({ files });
    const series = r.studies[0].series;
    expect(series.map((s) => s.images.map((i) => i.fileIndex))).toEqual([[2, 1], [0]]);
    expect(series[0].images.every((i) => i.path === undefined)).toBe(true);
  });

  it('a head cut short after the study fields still lists the file', async () => {
    const bytes = new Uint8Array(await readFile(join(dir, 'a-dog-1.dcm')));
    const r = await readStudies({ files: [{ name: 'cut.dcm', bytes: bytes.subarray(0, 2000) }] });
    expect(r.studies[0].studyInstanceUID).toBe(STUDY_UID);
  });
});

describe('bounds', () => {
  it(`lists at most ${STUDY_FILE_LIMIT} files and says it was cut short`, async () => {
    const files = Array.from({ length: STUDY_FILE_LIMIT + 5 }, (_, i) => ({ name: `f${i}`, bytes: new Uint8Array(4) }));
    const r = await readStudies({ files });
    expect(r.truncated).toBe(true);
    expect(r.skipped.length).toBe(STUDY_FILE_LIMIT);
  });

  it('refuses a folder that does not exist', async () => {
    await expect(readStudies({ folder: join(tmpdir(), 'ss-no-such-folder-7') })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('groupStudies (pure)', () => {
  const f = (o: Partial<StudyFields>): StudyFields => ({
    studyInstanceUID: '1',
    seriesInstanceUID: '1.1',
    sopInstanceUID: null,
    patientName: null,
    patientId: null,
    studyDate: null,
    studyDescription: null,
    seriesNumber: null,
    seriesDescription: null,
    modality: null,
    bodyPart: null,
    viewPosition: null,
    laterality: null,
    instanceNumber: null,
    frames: 1,
    ...o,
  });
  it('sorts studies by date, series by number, images by number then name; sums frames; keeps files without UIDs', () => {
    const studies = groupStudies([
      { name: 'z', fields: f({ studyInstanceUID: '2', studyDate: '20240101', seriesInstanceUID: '2.9', seriesNumber: 9 }) },
      { name: 'y', fields: f({ studyInstanceUID: '2', studyDate: '20240101', seriesInstanceUID: '2.3', seriesNumber: 3, instanceNumber: 5, frames: 4 }) },
      { name: 'x', fields: f({ studyInstanceUID: '2', seriesInstanceUID: '2.3', seriesNumber: 3, instanceNumber: 2, frames: 3 }) },
      { name: 'w', fields: f({ studyInstanceUID: '2', seriesInstanceUID: '2.3', seriesNumber: 3 }) },
      { name: 'v', fields: f({ studyInstanceUID: '1', studyDate: '20100101' }) },
      { name: 'u', fields: f({ studyInstanceUID: '', seriesInstanceUID: '' }) },
    ]);
    expect(studies.map((s) => s.studyInstanceUID)).toEqual(['', '1', '2']);
    const s2 = studies[2];
    expect(s2.series.map((s) => s.seriesInstanceUID)).toEqual(['2.3', '2.9']);
    expect(s2.series[0].images.map((i) => i.name)).toEqual(['x', 'y', 'w']);
    expect(s2.series[0].frames).toBe(3 + 4 + 1);
  });
});
