// The live run through the engine's operation table, as the hosts drive it:
// frames as progress, parameter changes and controls between steps.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassModelFrame, ModelInfo } from '../api/types';
import { initBackend } from '../engine/backend';
import { LocalEngine } from '../engine/engine';
import { demo } from '../testing/shared-data';

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('class-model runs in the engine', () => {
  const engine = new LocalEngine();
  let model: ModelInfo;
  const frames = new Map<string, ClassModelFrame[]>();
  const tensorsAt = new Map<string, number[]>();
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' });
    model = await engine.openModel({ path: demo('digits', 'model.json') });
    engine.onProgress((p) => {
      if (!p.frame) return;
      frames.set(p.jobId, [...(frames.get(p.jobId) ?? []), p.frame]);
      tensorsAt.set(p.jobId, [...(tensorsAt.get(p.jobId) ?? []), tf.memory().numTensors]);
    });
  });
  afterAll(() => engine.close());

  it('streams frames every k steps; a slider change, pause, single step, resume, a raised step count and stop all land between steps', async () => {
    const jobId = 'run-a';
    const done = engine.classModel({ jobId, modelId: model.id, target: 7, params: { steps: 60, frameEvery: 5, lr: 0.002 }, keepAlive: true });
    const f = () => frames.get(jobId) ?? [];
    await until(() => f().some((x) => x.step >= 10));
    expect((await engine.classModelUpdate({ runId: jobId, params: { lr: 0.05, frameEvery: 10 } })).params.lr).toBe(0.05);
    expect((await engine.classModelControl({ runId: jobId, action: 'pause' })).status).toBe('paused');
    await new Promise((r) => setTimeout(r, 30));
    const pausedAt = f().at(-1)!.step;
    await new Promise((r) => setTimeout(r, 60));
    expect(f().at(-1)!.step).toBe(pausedAt); // nothing moves while paused
    await engine.classModelControl({ runId: jobId, action: 'step' });
    await until(() => f().at(-1)!.step === pausedAt + 1);
    await engine.classModelControl({ runId: jobId, action: 'resume' });
    await until(() => f().at(-1)!.status === 'done');
    expect(f().at(-1)!.step).toBe(60);
    // After the change frames come every 10 steps, not 5.
    const later = f()
      .filter((x) => x.step > pausedAt + 1 && x.status === 'running')
      .map((x) => x.step);
    expect(later.every((s) => s % 10 === 0)).toBe(true);
    // Done but kept alive: more steps continue the same run.
    await engine.classModelUpdate({ runId: jobId, params: { steps: 80 } });
    await until(() => f().at(-1)!.status === 'done' && f().at(-1)!.step === 80);
    await engine.classModelControl({ runId: jobId, action: 'stop' });
    const r = await done;
    expect(r).toMatchObject({ status: 'done', steps: 80, target: { index: 7, label: '7' }, top: { index: 7 } });
    expect(r.image.rgba.length).toBe(28 * 28 * 4);
    // S_c along the history rises overall: start (grey) to end.
    expect(r.history.at(-1)!.logit).toBeGreaterThan(r.history[0].logit + 5);
    expect(frames.get(jobId)![0]).toMatchObject({ step: 0, width: 28, height: 28 });
    await expect(engine.classModelControl({ runId: jobId, action: 'pause' })).rejects.toThrow(/no live class-model run/);
  });

  it('no tensor leaks over a 500-step run with every regulariser on: the count is flat from frame to frame and back to baseline after', async () => {
    const before = tf.memory().numTensors;
    const jobId = 'run-500';
    const r = await engine.classModel({
      jobId,
      modelId: model.id,
      target: 2,
      params: { steps: 500, frameEvery: 50, blurSigma: 1, blurEvery: 3, jitter: 3, tv: 0.01, clipNorm: 10, clipContrib: 5, init: 'noise' },
    });
    expect(r.steps).toBe(500);
    const counts = tensorsAt.get(jobId)!;
    expect(counts.length).toBeGreaterThanOrEqual(11);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancel ends a paused run with a "cancelled" error and frees its tensors; bad requests name the problem', async () => {
    const before = tf.memory().numTensors;
    const jobId = 'run-c';
    const done = engine.classModel({ jobId, modelId: model.id, target: 1, params: { steps: 5000 } });
    await until(() => (frames.get(jobId)?.length ?? 0) > 0);
    await engine.classModelControl({ runId: jobId, action: 'pause' });
    await engine.cancel({ jobId });
    await expect(done).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(engine.classModel({ jobId: 'x', modelId: model.id, target: 10 })).rejects.toThrow(/out of range.*10 classes/);
    await expect(engine.classModel({ jobId: 'y', modelId: model.id, target: 1, params: { blurSigma: 9 } })).rejects.toThrow(/blurSigma=9 is outside/);
    await expect(engine.classModel({ jobId: 'z', modelId: model.id, target: 1, params: { init: 'image' } })).rejects.toThrow(/needs an open image/);
  });
});
