import { describe, expect, it } from 'vitest';
import { countSet } from '../state/maskRaster';
import { IDLE, toolEvent, type ToolContext, type ToolEvent, type ToolState } from './maskTool';

const size = { width: 20, height: 20 };
const ctx = (over: Partial<ToolContext> = {}): ToolContext => ({ tool: 'brush', radius: 2, size, base: new Uint8Array(400), segments: null, ...over });

/** Runs events through the machine; returns the final state, the last preview and every commit. */
function run(c: ToolContext, events: ToolEvent[]) {
  let state: ToolState = IDLE;
  let preview: Uint8Array | null | undefined;
  const commits: Uint8Array[] = [];
  for (const e of events) {
    const step = toolEvent(state, e, c);
    state = step.state;
    if (step.preview !== undefined) preview = step.preview;
    if (step.commit) commits.push(step.commit);
  }
  return { state, preview, commits };
}

describe('mask tool state machine', () => {
  it('brush: down → moves preview the growing stroke → up commits it once; the base is never written', () => {
    const c = ctx();
    const r = run(c, [{ type: 'down', p: { x: 10, y: 10 } }]);
    expect(r.state.mode).toBe('stroking');
    expect(countSet(r.preview!)).toBe(12);
    const done = run(c, [
      { type: 'down', p: { x: 2, y: 5 } },
      { type: 'move', p: { x: 7, y: 5 } },
      { type: 'up', p: { x: 12, y: 5 } },
    ]);
    expect(done.commits.length).toBe(1);
    expect(done.preview).toBeNull();
    expect(done.state).toBe(IDLE);
    // Radius 2 along y = 5 from x = 2 to 12: rows 4, 5 (0.5 off the axis) hold x 0…13 = 14 each,
    // rows 3, 6 (1.5 off: caps reach √1.75 ≈ 1.32 px past the ends) x 1…12 = 12 each: 52.
    expect(countSet(done.commits[0])).toBe(52);
    expect(countSet(c.base)).toBe(0);
  });

  it('eraser removes from the committed mask', () => {
    const base = new Uint8Array(400).fill(1);
    const r = run(ctx({ tool: 'eraser', base }), [
      { type: 'down', p: { x: 10, y: 10 } },
      { type: 'up', p: { x: 10, y: 10 } },
    ]);
    expect(countSet(r.commits[0])).toBe(400 - 12);
  });

  it('rect: drag previews, release commits 4 × 2 = 8 pixels; Alt-drag subtracts', () => {
    const r = run(ctx({ tool: 'rect' }), [
      { type: 'down', p: { x: 2, y: 3 } },
      { type: 'move', p: { x: 4, y: 4 } },
      { type: 'up', p: { x: 6, y: 5 } },
    ]);
    expect(r.commits.map(countSet)).toEqual([8]);
    const base = new Uint8Array(400).fill(1);
    const s = run(ctx({ tool: 'rect', base }), [
      { type: 'down', p: { x: 2, y: 3 }, subtract: true },
      { type: 'up', p: { x: 6, y: 5 } },
    ]);
    expect(s.commits.map(countSet)).toEqual([392]);
  });

  it('polygon: clicks add points, the double-click (after its two clicks) closes it: the triangle of 45 pixels', () => {
    const r = run(ctx({ tool: 'polygon' }), [
      { type: 'down', p: { x: 0, y: 0 } },
      { type: 'down', p: { x: 10, y: 0 } },
      { type: 'down', p: { x: 0, y: 10 } },
      { type: 'down', p: { x: 0, y: 10 } },
      { type: 'dblclick', p: { x: 0, y: 10 } },
    ]);
    expect(r.commits.map(countSet)).toEqual([45]);
    expect(r.state).toBe(IDLE);
    const enter = run(ctx({ tool: 'polygon' }), [
      { type: 'down', p: { x: 0, y: 0 } },
      { type: 'down', p: { x: 10, y: 0 } },
      { type: 'down', p: { x: 0, y: 10 } },
      { type: 'key', key: 'Enter' },
    ]);
    expect(enter.commits.map(countSet)).toEqual([45]);
    const esc = run(ctx({ tool: 'polygon' }), [
      { type: 'down', p: { x: 0, y: 0 } },
      { type: 'down', p: { x: 10, y: 0 } },
      { type: 'key', key: 'Escape' },
    ]);
    expect(esc.commits).toEqual([]);
    expect(esc.state).toBe(IDLE);
  });

  it('superpixel: a click hides the whole superpixel under the pointer; a second click shows it again', () => {
    const segments = Int32Array.from({ length: 400 }, (_, i) => (i % 20 < 5 ? 1 : 0)); // columns 0…4 = superpixel 1
    const first = run(ctx({ tool: 'superpixel', segments }), [{ type: 'down', p: { x: 2.5, y: 7.2 } }]);
    expect(countSet(first.commits[0])).toBe(100);
    const again = run(ctx({ tool: 'superpixel', segments, base: first.commits[0] }), [{ type: 'down', p: { x: 1, y: 1 } }]);
    expect(countSet(again.commits[0])).toBe(0);
    // Without segments yet, or outside the image: nothing.
    expect(run(ctx({ tool: 'superpixel' }), [{ type: 'down', p: { x: 2, y: 2 } }]).commits).toEqual([]);
    expect(run(ctx({ tool: 'superpixel', segments }), [{ type: 'down', p: { x: 25, y: 2 } }]).commits).toEqual([]);
  });
});
