// Opening an image keeps the previous one on screen until the new image and its display level are ready.
import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { mockHost } from '../testing/mock-host';
import { createController } from './controller';
import { createStore } from './store';
import { initialState } from './types';

function setup(pixels: () => Promise<ReturnType<typeof f.pixels>>) {
  let next = 0;
  const { host, api } = mockHost({
    openModel: async () => f.model(),
    openImage: async () => f.image(`i${++next}`, { name: `photo-${next}.jpg` }),
    imagePixels: pixels,
    closeImage: async () => ({ closed: true }),
    predict: async () => f.prediction,
  });
  const store = createStore(initialState);
  return { api, store, c: createController(host, store) };
}

describe('opening an image', () => {
  it('names the file while it opens, keeps the previous image until the new one has pixels, and asks for a display level', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const { api, store, c } = setup(() =>
      ++calls === 1 ? Promise.resolve(f.pixels()) : new Promise((ok) => (release = () => ok(f.pixels({ window: [1, 9] })))),
    );
    await c.openImage({ path: '/x/first.png' });
    const first = store.get();
    expect(first.image?.id).toBe('i1');
    const opening = c.openImage({ file: { name: 'hip.dcm', bytes: new Uint8Array(4) } });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.get().loading).toBe('image');
    expect(store.get().loadingName).toBe('hip.dcm');
    expect(store.get().image?.id).toBe('i1');
    expect(store.get().pixels).toBe(first.pixels);
    expect(store.get().prediction).toBe(first.prediction);
    release();
    await opening;
    expect(store.get().image?.id).toBe('i2');
    expect(store.get().pixels?.window).toEqual([1, 9]);
    expect(store.get().loading).toBeNull();
    const req = (api.imagePixels as unknown as { mock: { calls: [{ maxSide?: number }][] } }).mock.calls[1][0];
    expect(req.maxSide).toBeGreaterThanOrEqual(2048);
    expect(req.maxSide).toBeLessThanOrEqual(4096);
  });

  it('a failure leaves the previous image and its pixels, and says why', async () => {
    let calls = 0;
    const { store, c } = setup(() => (++calls === 1 ? Promise.resolve(f.pixels()) : Promise.reject(new Error('out of memory'))));
    await c.openImage({ path: '/x/first.png' });
    const before = store.get();
    expect(await c.openImage({ path: '/x/huge.jpg' })).toBe(false);
    const s = store.get();
    expect(s.image).toBe(before.image);
    expect(s.pixels).toBe(before.pixels);
    expect(s.loading).toBeNull();
    expect(s.errors.at(-1)?.message).toBe('Could not read the image pixels: out of memory');
  });
});
