// What the app opens on. With nothing else given it opens the first demo model
// and its first sample image (README: "opens on the demo models"); `?start=empty`
// opens nothing (the e2e harness uses it for specs that begin from an empty app).
import type { DemoEntry } from '../../../src-main/api/types';
import type { StudioState } from './types';

export type StartMode = 'demo' | 'empty';

export function startModeFromQuery(search: string): StartMode {
  return new URLSearchParams(search).get('start') === 'empty' ? 'empty' : 'demo';
}

/** The demo to open at start, or null: none listed, asked for empty, or the user already opened something. */
export function startupDemo(s: Pick<StudioState, 'demos' | 'model' | 'image' | 'loading'>, mode: StartMode): DemoEntry | null {
  if (mode !== 'demo' || s.model || s.image || s.loading) return null;
  return s.demos[0] ?? null;
}
