import { describe, expect, it } from 'vitest';
import type { ExplainResult } from '../../../src-main/api/types';
import * as f from '../testing/fixtures';
import { display, explain, session } from './actions';
import { autoOverlay, choiceAfter, initialModeChoice, mapModeOf } from './displayMode';
import { initialState, type StudioState } from './types';

function loaded(): StudioState {
  let s = session.catalogLoaded(initialState, f.methods, f.demos);
  s = session.modelOpened(s, f.model());
  s = session.imageOpened(s, f.image());
  return session.pixelsLoaded(s, 'i1', f.pixels());
}

/** Runs one job to its result with the map range [min, max] (the ranges the issue reports). */
function shown(s: StudioState, jobId: string, method: string, min: number, max: number): StudioState {
  const r: ExplainResult = { ...f.result(jobId), method, min, max };
  return explain.explained(explain.jobStarted(s, jobId, 'm1', 'i1', method), r);
}

describe('display mode by map', () => {
  it('reads the sign from the values: any negative value is signed, 0…max is |abs|', () => {
    expect(mapModeOf({ min: -0.05, max: 0.05 })).toBe('signed');
    expect(mapModeOf({ min: -3, max: -1 })).toBe('signed');
    expect(mapModeOf({ min: 0.002, max: 0.133 })).toBe('abs');
    expect(mapModeOf({ min: 0, max: 0.356 })).toBe('abs');
    expect(mapModeOf({ min: 0, max: 0 })).toBe('abs');
  });

  it('Integrated Gradients then SmoothGrad: diverging ± then back to |abs| on the sequential colormap it had', () => {
    let s = display.overlayChanged(loaded(), { colormap: 'inferno' });
    s = shown(s, 'j1', 'integrated-gradients', -0.05, 0.05);
    expect([s.overlay.mode, s.overlay.colormap]).toEqual(['signed', 'diverging']);
    s = shown(s, 'j2', 'smoothgrad', 0.002, 0.133);
    expect([s.overlay.mode, s.overlay.colormap]).toEqual(['abs', 'inferno']);
    expect(s.modeChoice).toEqual({ pinned: false, sequential: 'inferno' });
  });

  it('LIME then Grad-CAM: |abs| viridis for the 0…0.356 map; other style choices stay', () => {
    let s = display.overlayChanged(loaded(), { opacity: 0.4, clipPercentile: 98 });
    s = shown(s, 'j1', 'lime', -0.12, 0.31);
    expect(s.overlay).toMatchObject({ mode: 'signed', colormap: 'diverging', opacity: 0.4, clipPercentile: 98 });
    s = shown(s, 'j2', 'gradcam', 0, 0.356);
    expect(s.overlay).toMatchObject({ mode: 'abs', colormap: 'viridis', opacity: 0.4, clipPercentile: 98 });
  });

  it('a mode the user picks is pinned: later maps keep it until they return to automatic', () => {
    let s = shown(loaded(), 'j1', 'integrated-gradients', -1, 2);
    s = display.overlayChanged(s, { mode: 'abs' });
    expect(s.modeChoice.pinned).toBe(true);
    expect(s.overlay).toMatchObject({ mode: 'abs', colormap: 'diverging' });
    s = shown(s, 'j2', 'gradient-input', -0.5, 0.5);
    expect(s.overlay).toMatchObject({ mode: 'abs', colormap: 'diverging' });
    s = display.overlayChanged(s, { mode: 'signed' });
    s = shown(s, 'j3', 'gradcam', 0, 0.356);
    expect(s.overlay.mode).toBe('signed');
    // Automatic again: the shown map (0…0.356) takes |abs| at once, on the sequential colormap.
    s = display.modeUnpinned(s);
    expect(s.modeChoice).toEqual({ pinned: false, sequential: 'viridis' });
    expect(s.overlay).toMatchObject({ mode: 'abs', colormap: 'viridis' });
  });

  it('unpinning without a map only drops the pin', () => {
    const s = display.overlayChanged(loaded(), { mode: 'signed' });
    const u = display.modeUnpinned(s);
    expect(u.modeChoice.pinned).toBe(false);
    expect(u.overlay.mode).toBe('signed');
  });

  it('other style changes neither pin nor remember diverging as the sequential colormap', () => {
    expect(choiceAfter(initialModeChoice, { opacity: 0.2 })).toBe(initialModeChoice);
    expect(choiceAfter(initialModeChoice, { colormap: 'diverging' })).toBe(initialModeChoice);
    expect(choiceAfter(initialModeChoice, { colormap: 'jet' })).toEqual({ pinned: false, sequential: 'jet' });
    expect(choiceAfter(initialModeChoice, { mode: 'abs' })).toEqual({ pinned: true, sequential: 'viridis' });
  });

  it('a pinned choice leaves the overlay untouched (same object)', () => {
    const o = initialState.overlay;
    const pinned = { pinned: true, sequential: 'viridis' as const };
    expect(autoOverlay(o, pinned, { min: -1, max: 1 }).overlay).toBe(o);
  });
});
