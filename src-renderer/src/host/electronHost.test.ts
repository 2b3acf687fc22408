import { describe, expect, it } from 'vitest';
import { API_OPS } from '../../../src-main/api/spec';
import type { StudioPreload } from '../../../src-preload/api';
import { ElectronHost } from './electronHost';

/** A preload whose every operation answers with the envelope the main process sent. */
function preload(answer: (op: string, arg: unknown) => Promise<unknown>): StudioPreload {
  const ops = Object.fromEntries(API_OPS.map((op) => [op, (arg?: unknown) => answer(op, arg)]));
  return { ...ops, onProgress: () => () => undefined, onOpenRequest: () => () => undefined } as unknown as StudioPreload;
}

describe('Electron host over the preload envelopes', () => {
  it('returns the value, and rejects with the code and message exactly as the main process sent them', async () => {
    const host = new ElectronHost(
      preload(async (op, arg) =>
        op === 'predict' ? { ok: false, error: { code: 'unknown-image', message: '[not a code] no open image "x"' } } : { ok: true, value: { op, arg } },
      ),
    );
    expect(await host.api.info()).toEqual({ op: 'info', arg: undefined });
    expect(await host.api.openImage({ path: '/a.png' })).toEqual({ op: 'openImage', arg: { path: '/a.png' } });
    // The message is not parsed: a bracket in it stays text, the code is the envelope's.
    await expect(host.api.predict({ modelId: 'm', imageId: 'x' })).rejects.toMatchObject({ code: 'unknown-image', message: '[not a code] no open image "x"' });
  });

  it('a failed channel is ipc-failed, without Electron’s "Error invoking remote method" wrapping', async () => {
    const host = new ElectronHost(
      preload(async () => {
        throw new Error("Error invoking remote method 'studio:info': Error: No handler registered for 'studio:info'");
      }),
    );
    await expect(host.api.info()).rejects.toMatchObject({ code: 'ipc-failed', message: "No handler registered for 'studio:info'" });
  });
});
