// evaluateManifest's `files`: the entries a job-array shard runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { demo } from '../testing/shared-data';
import { evaluateManifest, type LocalizeDeps } from './run';

const MANIFEST = demo('chest', 'samples', 'manifest.json');

describe('localizeEvaluate over some of the manifest files', () => {
  const engine = new LocalEngine();
  let model: ModelInfo;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    model = await engine.openModel({ path: demo('chest', 'model.json') });
  });
  afterAll(() => engine.close());

  it('a file the manifest does not list is bad-request naming it, before the engine is asked anything', async () => {
    const untouched = new Proxy({}, { get: () => () => expect.unreachable('deps used') }) as LocalizeDeps;
    const req = { jobId: 'f0', modelId: 'none', manifest: MANIFEST, files: ['phantom-02.png', 'phantom-99.png'] };
    await expect(evaluateManifest(untouched, req, { cancelled: false, check: () => undefined })).rejects.toMatchObject({
      code: 'bad-request',
      message: 'manifest.json does not list "phantom-99.png"',
    });
  });

  it('files: one nodule sample → n 1 per row, its scores alone; a nodule-free file → nothing scored', async () => {
    const one = await engine.localizeEvaluate({ jobId: 'f1', modelId: model.id, manifest: MANIFEST, files: ['phantom-04.png'], segmenters: ['threshold'] });
    expect(one.samples.map((s) => `${s.file} ${s.method}/${s.segmenter}`)).toEqual(['phantom-04.png saliency/threshold']);
    expect(one.rows).toEqual([
      {
        method: 'saliency',
        segmenter: 'threshold',
        n: 1,
        meanIou: one.samples[0].iou,
        meanBoxIou: one.samples[0].boxIou,
        pointingHits: one.samples[0].pointing ? 1 : 0,
        pointingRate: one.samples[0].pointing ? 1 : 0,
      },
    ]);
    const none = await engine.localizeEvaluate({ jobId: 'f2', modelId: model.id, manifest: MANIFEST, files: ['phantom-01.png'], segmenters: ['threshold'] });
    expect(none.samples).toEqual([]);
    expect(none.rows[0].n).toBe(0);
  });
});
