import { describe, expect, it } from 'vitest';
import { imagePx } from './coords';
import { IDLE_MEASURE, measureStep, type MeasureEvent, type MeasureGesture } from './measureTool';

function run(tool: 'distance' | 'area', events: MeasureEvent[]) {
  let g: MeasureGesture = IDLE_MEASURE;
  const done = [];
  for (const e of events) {
    const s = measureStep(g, e, { tool, snap: 2 });
    g = s.gesture;
    if (s.done) done.push(s.done);
  }
  return { g, done };
}

describe('measureTool', () => {
  it('distance: press, drag, release commits the two ends', () => {
    const { g, done } = run('distance', [
      { type: 'down', p: imagePx(10, 10) },
      { type: 'move', p: imagePx(30, 10) },
      { type: 'up', p: imagePx(60, 10) },
    ]);
    expect(g.mode).toBe('idle');
    expect(done).toEqual([{ kind: 'distance', points: [imagePx(10, 10), imagePx(60, 10)] }]);
  });

  it('distance: a click without a drag commits nothing; Escape cancels', () => {
    expect(
      run('distance', [
        { type: 'down', p: imagePx(5, 5) },
        { type: 'up', p: imagePx(6, 5) },
      ]).done,
    ).toEqual([]);
    expect(
      run('distance', [
        { type: 'down', p: imagePx(5, 5) },
        { type: 'key', key: 'Escape' },
      ]).g.mode,
    ).toBe('idle');
  });

  it('area: clicks add vertices; a double-click closes without doubling the last vertex', () => {
    const pts = [imagePx(0, 0), imagePx(40, 0), imagePx(40, 30)];
    const { done } = run('area', [
      { type: 'down', p: pts[0] },
      { type: 'down', p: pts[1] },
      { type: 'down', p: pts[2] },
      { type: 'down', p: pts[2] },
      { type: 'dblclick', p: pts[2] },
    ]);
    expect(done).toEqual([{ kind: 'area', points: pts }]);
  });

  it('area: two quick clicks far apart (reported as a double-click) add vertices, not a close', () => {
    const { g, done } = run('area', [
      { type: 'down', p: imagePx(0, 0) },
      { type: 'down', p: imagePx(40, 0) },
      { type: 'dblclick', p: imagePx(40, 0) },
    ]);
    expect(done).toEqual([]);
    expect(g.mode === 'polygon' && g.points.length).toBe(2);
  });

  it('area: a click on the first vertex closes; two vertices are not an area', () => {
    const a = run('area', [
      { type: 'down', p: imagePx(0, 0) },
      { type: 'down', p: imagePx(10, 0) },
      { type: 'down', p: imagePx(10, 10) },
      { type: 'down', p: imagePx(1, 1) },
    ]);
    expect(a.done[0].points.length).toBe(3);
    expect(
      run('area', [
        { type: 'down', p: imagePx(0, 0) },
        { type: 'down', p: imagePx(10, 0) },
        { type: 'key', key: 'Enter' },
      ]).done,
    ).toEqual([]);
  });
});
