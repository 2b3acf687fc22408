// The experiment log and the projects are the host process's: they answer while
// the engine worker is busy with (or stuck in) a job, and persist in the host's
// data folder whatever happens to the worker.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewExperiment } from '../api/types';
import { HOST_OPS } from '../api/spec';
import { startEngine } from '../engine/client';
import { ExperimentStore } from '../masking/experiments';
import { ProjectStore } from './store';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const row: NewExperiment = {
  model: 'Digits',
  image: 'digit-7.png',
  width: 28,
  height: 28,
  fill: 'zero',
  area: 0.25,
  target: 7,
  classes: [{ index: 7, label: '7', logitBefore: 9, logitAfter: 4, dLogit: -5, probBefore: 0.99, probAfter: 0.6, dProb: -0.39 }],
  maskPng: PNG,
  thumbnail: PNG,
};

describe('host operations', () => {
  let dir = '';
  const before = process.env.SALIENCY_STUDIO_DATA;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-hostops-'));
    process.env.SALIENCY_STUDIO_DATA = dir;
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.SALIENCY_STUDIO_DATA;
    else process.env.SALIENCY_STUDIO_DATA = before;
    await rm(dir, { recursive: true, force: true });
  });

  it('are the projects and the experiment log, and answer with the worker hung', async () => {
    expect([...HOST_OPS].sort()).toEqual([
      'addExperiment',
      'autosave',
      'autosaveStatus',
      'deleteExperiments',
      'dismissAutosave',
      'experimentLog',
      'openProject',
      'recentProjects',
      'restoreAutosave',
      'saveProject',
    ]);
    // A worker that never answers: anything it served would hang.
    const api = await startEngine({
      workerPath: join(import.meta.dirname, '..', 'engine', 'testing', 'hanging-worker.mjs'),
      projects: new ProjectStore({ dir }),
    });
    try {
      const added = await api.addExperiment({ row });
      expect((await api.experimentLog()).map((r) => r.id)).toEqual([added.id]);
      // Written where a fresh store (a restart) reads it.
      expect((await new ExperimentStore().list()).map((r) => r.area)).toEqual([0.25]);
      expect(JSON.parse(await readFile(join(dir, 'experiments.json'), 'utf8')).rows).toHaveLength(1);
      await expect(api.addExperiment({ row: { ...row, width: 0 } })).rejects.toMatchObject({ code: 'bad-request' });
      expect(await api.deleteExperiments({})).toEqual({ deleted: 1 });
    } finally {
      await api.close();
    }
  });
});
