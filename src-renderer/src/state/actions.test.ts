import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { display, explain, session } from './actions';
import { initialState, type StudioState } from './types';

function loaded(): StudioState {
  let s = session.catalogLoaded(initialState, f.methods, f.demos);
  s = session.modelOpened(s, f.model());
  s = session.imageOpened(s, f.image());
  s = session.pixelsLoaded(s, 'i1', f.pixels());
  return session.predicted(s, 'm1', 'i1', f.prediction);
}

describe('session actions', () => {
  it('selects the first method with its default params when the catalogue arrives', () => {
    const s = session.catalogLoaded(initialState, f.methods, f.demos);
    expect(s.methodId).toBe('saliency');
    expect(s.params).toEqual({ abs: true });
    expect(s.demos).toBe(f.demos);
  });

  it('derives the display window from the pixels and ignores pixels of another image', () => {
    let s = session.imageOpened(initialState, f.image('i1'));
    expect(session.pixelsLoaded(s, 'other', f.pixels())).toBe(s);
    s = session.pixelsLoaded(s, 'i1', f.pixels({ window: [100, 300] }));
    expect(s.window).toEqual({ center: 200, width: 200 });
  });

  it('a DICOM with WC/WW 600/1600 opens, resets and (in Compare) shows width 1600', () => {
    const dicom = { windowCenter: 600, windowWidth: 1600 } as NonNullable<ReturnType<typeof f.image>['dicom']>;
    let s = session.imageOpened(initialState, f.image('i1', { kind: 'dicom', dicom }));
    s = session.pixelsLoaded(s, 'i1', f.pixels({ window: [-200, 1399] }));
    expect(s.window).toEqual({ center: 600, width: 1600 });
    expect(display.windowReset(display.windowChanged(s, { center: 10, width: 5 })).window).toEqual({ center: 600, width: 1600 });
  });

  it('opening a model resets prediction and result, takes its default layer, keeps the image', () => {
    let s = loaded();
    s = explain.jobStarted(s, 'j1', 'm1', 'i1', 'saliency');
    s = explain.explained(s, f.result('j1'));
    expect(s.result).not.toBeNull();
    const next = session.modelOpened(s, f.model('m2', { defaultLayer: 'dense' }));
    expect(next.prediction).toBeNull();
    expect(next.result).toBeNull();
    expect(next.layer).toBe('dense');
    expect(next.image).toBe(s.image);
    expect(next.pixels).toBe(s.pixels);
  });

  it('opens a model on the automatic layer (null) unless its sidecar names a default layer', () => {
    const s = explain.layerChanged(loaded(), 'conv1');
    expect(session.modelOpened(s, f.model('m2', { defaultLayer: null })).layer).toBeNull();
    expect(session.modelOpened(s, f.model('m2', { defaultLayer: 'conv1' })).layer).toBe('conv1');
  });

  it('resets a class-index target that the new model does not have', () => {
    const s = explain.targetChanged(loaded(), 7);
    expect(session.modelOpened(s, f.model('m2', { numClasses: 5 })).target).toBe('top');
    expect(session.modelOpened(s, f.model('m2', { numClasses: 10 })).target).toBe(7);
  });

  it('ignores a prediction for a model or image no longer shown', () => {
    let s = session.modelOpened(initialState, f.model('m1'));
    s = session.imageOpened(s, f.image('i1'));
    expect(session.predicted(s, 'm0', 'i1', f.prediction)).toBe(s);
    expect(session.predicted(s, 'm1', 'i1', f.prediction).prediction).toBe(f.prediction);
  });
});

describe('explain actions', () => {
  it('builds params from the method schema', () => {
    const s = explain.methodSelected(loaded(), 'gradcam');
    expect(s.params).toEqual({ relu: true, steps: 8, interp: 'bilinear' });
    expect(explain.paramChanged(s, 'steps', 16).params.steps).toBe(16);
    expect(explain.methodSelected(s, 'nope')).toBe(s);
  });

  it('chooses a layer of the current model or the automatic one, and toggles the full layer list', () => {
    const s = loaded();
    expect(explain.layerChanged(s, null).layer).toBeNull();
    expect(explain.layerChanged(explain.layerChanged(s, null), 'conv1').layer).toBe('conv1');
    expect(explain.layerChanged(s, 'no-such-layer')).toBe(s);
    expect(explain.layerChanged(initialState, 'anything').layer).toBe('anything');
    const all = explain.allLayersToggled(s, true);
    expect(all.allLayers).toBe(true);
    expect(explain.allLayersToggled(all, false).allLayers).toBe(false);
  });

  it('tracks progress of the current job only', () => {
    let s = explain.jobStarted(loaded(), 'j1', 'm1', 'i1', 'saliency');
    expect(explain.jobProgressed(s, { jobId: 'other', done: 1, total: 2 })).toBe(s);
    s = explain.jobProgressed(s, { jobId: 'j1', done: 1, total: 4 });
    expect(s.job?.progress).toEqual({ jobId: 'j1', done: 1, total: 4 });
  });

  it('shows a result only for the job, model and image it was computed for', () => {
    const s = explain.jobStarted(loaded(), 'j1', 'm1', 'i1', 'saliency');
    expect(explain.explained(s, f.result('j0'))).toBe(s);
    const done = explain.explained(s, f.result('j1'));
    expect(done.job).toBeNull();
    expect(done.result?.jobId).toBe('j1');
    const moved = session.imageOpened(s, f.image('i2'));
    const stale = explain.explained(moved, f.result('j1'));
    expect(stale.job).toBeNull();
    expect(stale.result).toBeNull();
  });

  it('opens a signed result on the diverging colormap centred on zero, an unsigned one as it was', () => {
    const s = explain.jobStarted(loaded(), 'j1', 'm1', 'i1', 'integrated-gradients');
    const signed = explain.explained(s, { ...f.result('j1'), min: -2, max: 3 });
    expect(signed.overlay).toMatchObject({ mode: 'signed', colormap: 'diverging', clipPercentile: 99.5 });
    const unsigned = explain.explained(s, { ...f.result('j1'), min: 0, max: 3 });
    expect(unsigned.overlay).toEqual(s.overlay);
  });

  it('marks a cancel request and ends the job', () => {
    let s = explain.jobStarted(loaded(), 'j1', 'm1', 'i1', 'saliency');
    s = explain.cancelRequested(s, 'j1');
    expect(s.job?.cancelRequested).toBe(true);
    expect(explain.jobEnded(s, 'j1').job).toBeNull();
  });
});

describe('display actions', () => {
  it('keeps model, image and result when a call fails, and dismisses by id', () => {
    let s = explain.jobStarted(loaded(), 'j1', 'm1', 'i1', 'saliency');
    s = explain.explained(s, f.result('j1'));
    const e = display.failed(s, 'boom');
    expect(e.errors).toEqual([{ id: 1, message: 'boom' }]);
    expect(e.model).toBe(s.model);
    expect(e.image).toBe(s.image);
    expect(e.result).toBe(s.result);
    expect(e.prediction).toBe(s.prediction);
    const e2 = display.failed(e, 'again');
    expect(display.errorDismissed(e2, 1).errors).toEqual([{ id: 2, message: 'again' }]);
  });

  it('changes window and overlay style without touching the result', () => {
    const s = loaded();
    expect(display.windowChanged(s, { center: 10, width: 0 }).window?.width).toBeGreaterThan(0);
    expect(display.windowReset(display.windowChanged(s, { center: 10, width: 5 })).window).toEqual({ center: 127.5, width: 255 });
    const o = display.overlayChanged(s, { opacity: 2, colormap: 'jet' });
    expect(o.overlay).toMatchObject({ opacity: 1, colormap: 'jet', mode: 'abs' });
    expect(o.result).toBe(s.result);
  });

  it('keeps the invert toggle through window changes and a reset', () => {
    const s = display.windowChanged(loaded(), { center: 10, width: 5, invert: true });
    expect(s.window).toEqual({ center: 10, width: 5, invert: true });
    expect(display.windowReset(s).window).toEqual({ center: 127.5, width: 255, invert: true });
    expect(display.windowChanged(s, { center: 10, width: 5 }).window).toEqual({ center: 10, width: 5 });
  });

  it('toggles the native grid without touching the rest of the overlay style', () => {
    const s = loaded();
    expect(s.overlay.grid).toBe(false);
    const on = display.overlayChanged(s, { grid: true });
    expect(on.overlay).toEqual({ ...s.overlay, grid: true });
    expect(display.overlayChanged(on, { grid: false }).overlay.grid).toBe(false);
    // A new result keeps the choice: the grid shows again on the next CAM result.
    const next = explain.explained(explain.jobStarted(on, 'j2', 'm1', 'i1', 'gradcam'), f.result('j2'));
    expect(next.overlay.grid).toBe(true);
  });
});
