import { describe, expect, it, vi } from 'vitest';
import type { DicomStudiesResult, ImageInfo } from '../../../src-main/api/types';
import { mockHost } from '../testing/mock-host';
import type { Controller } from './controller';
import { createStore } from './store';
import { createStudiesController, dicomFiles } from './studies';
import { initialState, type StudioState } from './types';

/** A file with "DICM" at byte 128 (or not), `size` bytes long. */
const file = (name: string, dicm: boolean, size = 200): File => {
  const b = new Uint8Array(size);
  if (dicm && size >= 132) b.set([0x44, 0x49, 0x43, 0x4d], 128);
  return new File([b], name);
};

const listing: DicomStudiesResult = {
  studies: [
    {
      studyInstanceUID: '1',
      patientName: 'A',
      patientId: null,
      studyDate: null,
      studyDescription: null,
      series: [
        {
          seriesInstanceUID: '1.1',
          seriesNumber: 1,
          seriesDescription: null,
          modality: 'DX',
          bodyPart: null,
          viewPosition: null,
          laterality: null,
          frames: 2,
          images: [
            { name: 'b.dcm', fileIndex: 1, sopInstanceUID: null, instanceNumber: 1, frames: 1 },
            { name: 'a.dcm', fileIndex: 0, sopInstanceUID: null, instanceNumber: 2, frames: 1 },
          ],
        },
      ],
    },
  ],
  skipped: [],
  truncated: false,
};

function setup() {
  const fake = mockHost({ dicomStudies: async () => listing });
  const main = createStore<StudioState>(initialState);
  const openImage = vi.fn(async () => true);
  const sources = { model: () => null, image: (id: string) => (id === 'image-7' ? { name: 'mf.dcm', path: '/data/mf.dcm' } : null) };
  const c = createStudiesController(fake.host, main, { openImage } as unknown as Controller, sources);
  return { fake, main, openImage, c };
}

describe('studies controller', () => {
  it('dicomFiles keeps the Part 10 files only, in order', async () => {
    const out = await dicomFiles([file('a', true), file('short', true, 100), file('b', false), file('c', true)]);
    expect(out.map((f) => f.name)).toEqual(['a', 'c']);
  });

  it('sends only heads to list the studies, then opens the first series in instance order and pages it', async () => {
    const { fake, openImage, c } = setup();
    const big = file('a.dcm', true, 3 * 1024 * 1024);
    await c.openFiles([big, file('b.dcm', true)]);
    const sent = fake.api.dicomStudies.mock.calls[0][0].files ?? [];
    expect(sent.map((f) => [f.name, f.bytes.length])).toEqual([
      ['a.dcm', 1024 * 1024],
      ['b.dcm', 200],
    ]);
    // Instance 1 is the second file given.
    expect(openImage).toHaveBeenLastCalledWith({ file: { name: 'b.dcm', bytes: new Uint8Array() } });
    expect(c.store.get()).toMatchObject({ selected: { study: 0, series: 0 }, index: 0, busy: false, error: null });
    await c.showImage(1);
    expect(openImage).toHaveBeenLastCalledWith({ file: { name: 'a.dcm', bytes: new Uint8Array() } });
    expect(c.store.get().index).toBe(1);
    await c.showImage(2); // past the end: nothing
    expect(openImage).toHaveBeenCalledTimes(2);
  });

  it('a frame reopens the open image from where it was opened, with the frame', async () => {
    const { main, openImage, c } = setup();
    main.set((s) => ({ ...s, image: { id: 'image-7', frames: 3, frame: 0 } as ImageInfo }));
    await c.showFrame(2);
    expect(openImage).toHaveBeenCalledWith({ path: '/data/mf.dcm', frame: 2 });
  });

  it('a failed listing says why and leaves nothing selected', async () => {
    const fake = mockHost({ dicomStudies: async () => Promise.reject(new Error('boom')) });
    const c = createStudiesController(fake.host, createStore(initialState), { openImage: vi.fn() } as unknown as Controller, {
      model: () => null,
      image: () => null,
    });
    await c.openFiles([file('a', true)]);
    expect(c.store.get()).toMatchObject({ busy: false, selected: null, error: 'Could not list the studies: boom' });
  });
});
