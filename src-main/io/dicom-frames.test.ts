// Multi-frame DICOM: a frame index chooses the frame; checked by value on a
// file made from the real dog radiograph (frame k = original + k·50 mod 256).
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED } from '../testing/shared-data';
import { loadImageBytes } from './load';
import { FRAME_STEP, multiFrameDog } from './testing/dicom-study-fixtures';

describe.skipIf(!HAVE_SHARED)('multi-frame DICOM', () => {
  const { bytes, original } = multiFrameDog(3);

  it.each([0, 1, 2])('frame %i holds the original plus k·50 (mod 256), in every pixel', async (k) => {
    const img = await loadImageBytes('mf.dcm', bytes, k);
    expect([img.width, img.height, img.frames, img.frame]).toEqual([211, 169, 3, k]);
    expect(img.data.length).toBe(original.length);
    let wrong = 0;
    for (let i = 0; i < original.length; i++) if (img.data[i] !== (original[i] + k * FRAME_STEP) % 256) wrong++;
    expect(wrong).toBe(0);
    expect(img.notes.join(' ')).toContain(k === 0 ? '3 frames); showing the first frame' : `3 frames); showing frame ${k + 1}`);
  });

  it('frames differ: pixel 0 of frames 0, 1, 2', async () => {
    const v = await Promise.all([0, 1, 2].map(async (k) => (await loadImageBytes('mf.dcm', bytes, k)).data[0]));
    expect(v).toEqual([0, 1, 2].map((k) => (original[0] + k * FRAME_STEP) % 256));
    expect(new Set(v).size).toBe(3);
  });

  it('a frame the file does not have is refused as a bad request', async () => {
    await expect(loadImageBytes('mf.dcm', bytes, 3)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('has 3 frames (0…2)') });
  });
});
