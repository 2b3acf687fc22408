import { describe, expect, it } from 'vitest';
import type { ClassModelFrame } from '../../../src-main/api/types';
import { canStart, classModel as cm, initialClassModel, MAX_FRAMES, runJson } from './classModel';

const frame = (step: number, logit = step): ClassModelFrame => ({
  step,
  steps: 500,
  status: 'running',
  logit,
  probability: 0.5,
  top: 3,
  rgba: new Uint8Array(4),
  width: 1,
  height: 1,
});

describe('class-model view state', () => {
  it('starts from the schema defaults (steps 200, Adam, lr 0.02) and sets parameters immutably', () => {
    expect(initialClassModel.params).toMatchObject({ steps: 200, optimiser: 'adam', lr: 0.02, init: 'zero' });
    const s = cm.paramSet(initialClassModel, 'lr', 0.1);
    expect(s.params.lr).toBe(0.1);
    expect(initialClassModel.params.lr).toBe(0.02);
  });

  it('frames of the current run extend the history; frames of another run are ignored; a reset (step 0 again) restarts the chart', () => {
    let s = cm.started(initialClassModel, 'r1');
    s = cm.framed(s, 'r1', frame(0));
    s = cm.framed(s, 'r1', frame(5));
    s = cm.framed(s, 'other', frame(10));
    expect(s.history.map((p) => p.step)).toEqual([0, 5]);
    expect(s.status).toBe('running');
    s = cm.framed(s, 'r1', frame(0, -1));
    expect(s.history).toEqual([{ step: 0, logit: -1, probability: 0.5 }]);
    expect(s.frames).toHaveLength(1);
  });

  it('Start is offered again once the run has finished its steps (kept alive), not only after Stop', () => {
    expect(canStart(initialClassModel)).toBe(true);
    let s = cm.framed(cm.started(initialClassModel, 'r1'), 'r1', frame(3));
    expect(canStart(cm.started(initialClassModel, 'r1'))).toBe(false);
    expect(canStart(s)).toBe(false);
    expect(canStart(cm.framed(s, 'r1', { ...frame(4), status: 'paused' }))).toBe(false);
    s = cm.framed(s, 'r1', { ...frame(500), status: 'done' });
    expect([s.runId, canStart(s)]).toEqual(['r1', true]);
  });

  it(`keeps at most ${MAX_FRAMES} frames for export by thinning, always keeping the latest`, () => {
    let s = cm.started(initialClassModel, 'r');
    for (let i = 0; i <= 300; i++) s = cm.framed(s, 'r', frame(i));
    expect(s.frames.length).toBeLessThanOrEqual(MAX_FRAMES);
    expect(s.frames.at(-1)!.step).toBe(300);
    expect(s.history).toHaveLength(301);
    const j = JSON.parse(runJson(s, 'digits')) as { history: unknown[]; frames: { step: number }[] };
    expect(j.history).toHaveLength(301);
    expect(j.frames.at(-1)!.step).toBe(300);
  });

  it('records the source of a run; another model clears the run, its frames and chart, keeping the parameters', () => {
    const from = { modelId: 'm1', modelName: 'Digits CNN', imageId: 'i1', imageName: 'digit-3.png' };
    let s = cm.paramSet(cm.targetSet(initialClassModel, 7), 'lr', 0.1);
    s = cm.framed(cm.started(s, 'r1', from), 'r1', frame(4));
    expect(s.from).toEqual(from);
    const other = cm.modelChanged(s, 10);
    expect(other).toEqual({ ...initialClassModel, target: 7, params: { ...initialClassModel.params, lr: 0.1 } });
    // The old run's late frame and end no longer land.
    expect(cm.framed(other, 'r1', frame(5))).toBe(other);
    expect(cm.ended(other, 'r1', { jobId: 'r1', status: 'stopped' } as never)).toBe(other);
    // A target the new model lacks (2 classes) falls back to class 0.
    expect(cm.modelChanged(s, 2).target).toBe(0);
  });
});
