// The DICOM operations end to end through the in-process backend (validated by
// api/spec.ts like every host): studies of a folder, tags and frames of an open
// image, and the chest demo's out-of-distribution reasons on real radiographs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, HAVE_SHARED, shared } from '../testing/shared-data';
import { HIP, SERIES, writeStudyFolder } from '../io/testing/dicom-study-fixtures';
import { startInProcess } from './in-process';

describe.skipIf(!HAVE_SHARED)('DICOM operations', () => {
  const pending = startInProcess();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-ops-'));
    writeStudyFolder(dir);
  });
  afterAll(async () => {
    await (await pending).close();
    await rm(dir, { recursive: true, force: true });
  });

  it('dicomStudies lists the folder; its first image opens by path; dicomTags lists its elements', async () => {
    const api = await pending;
    const { studies } = await api.dicomStudies({ folder: dir });
    const series = studies[0].series.find((s) => s.seriesInstanceUID === SERIES.dog);
    const path = series?.images[0].path ?? '';
    const img = await api.openImage({ path });
    expect([img.width, img.height, img.frames, img.frame]).toEqual([211, 169, 1, 0]);
    const tags = await api.dicomTags({ imageId: img.id });
    expect(tags.rows.find((r) => r.tag === '(0020,0013)')?.value).toBe('1');
  });

  it('refuses bad requests before the engine sees them', async () => {
    const api = await pending;
    await expect(api.dicomStudies({})).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('"folder" or "files"') });
    await expect(api.openImage({ path: join(dir, 'a-dog-1.dcm'), frame: -1 })).rejects.toMatchObject({ code: 'bad-request' });
    const png = await api.openImage({ path: demo('chest', 'samples', 'phantom-01.png') });
    await expect(api.dicomTags({ imageId: png.id })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('not a DICOM image') });
  });

  it('the chest demo warns on the hip and on the dog thorax, not on its own phantom', async () => {
    const api = await pending;
    const model = await api.openModel({ path: demo('chest', 'model.json') });
    expect(model.expects?.bodyPart).toEqual(['CHEST']);
    const reasons = async (path: string) => {
      const image = await api.openImage({ path });
      return (await api.predict({ modelId: model.id, imageId: image.id })).distribution?.reasons;
    };
    const hip = await reasons(shared('dicom', HIP));
    expect(hip?.[0]).toBe('Body part HIP; this model expects CHEST');
    const dog = await reasons(shared('dicom', 'highdicom_dx_mono1_explicit_vr.dcm'));
    expect(dog?.[0]).toBe('Body part THORAX; this model expects CHEST');
    expect(await reasons(demo('chest', 'samples', 'phantom-01.png'))).toEqual([]);
  });
});
