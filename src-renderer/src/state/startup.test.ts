import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { session } from './actions';
import { startModeFromQuery, startupDemo } from './startup';
import { initialState } from './types';

describe('what the app opens on', () => {
  it('the first demo by default; nothing with ?start=empty', () => {
    expect(startModeFromQuery('')).toBe('demo');
    expect(startModeFromQuery('?token=abc')).toBe('demo');
    expect(startModeFromQuery('?token=abc&start=empty')).toBe('empty');
    const s = session.catalogLoaded(initialState, f.methods, f.demos);
    expect(startupDemo(s, 'demo')).toBe(f.demos[0]);
    expect(startupDemo(s, 'empty')).toBeNull();
  });

  it('not when no demo is listed, or the user already opened a model or an image', () => {
    expect(startupDemo(session.catalogLoaded(initialState, f.methods, []), 'demo')).toBeNull();
    const s = session.catalogLoaded(initialState, f.methods, f.demos);
    expect(startupDemo(session.modelOpened(s, f.model()), 'demo')).toBeNull();
    expect(startupDemo(session.imageOpened(s, f.image()), 'demo')).toBeNull();
  });

  it('"No demos available" only once the engine has answered', () => {
    expect(initialState.demosListed).toBe(false);
    expect(session.catalogLoaded(initialState, f.methods, []).demosListed).toBe(true);
  });
});
