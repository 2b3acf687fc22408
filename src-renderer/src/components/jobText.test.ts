import { describe, expect, it } from 'vitest';
import type { MethodDescriptor } from '../../../src-main/api/types';
import { buttonEstimate, cancelledText, estimateDetail, isLong, shownText, startingText } from './jobText';

const methods = [
  { id: 'rise', label: 'RISE' },
  { id: 'lime', label: 'LIME' },
] as MethodDescriptor[];

describe('job texts', () => {
  it('prices the button and warns above 30 s', () => {
    const e = { ms: 280_000, baseMs: 280_000, passes: { forward: 4000, backward: 0, calls: 125 }, source: 'timing probe' as const };
    expect(`Explain${buttonEstimate(e)}`).toBe('Explain · ~4 min 40 s');
    expect(isLong(e)).toBe(true);
    expect(isLong({ ...e, ms: 2000 })).toBe(false);
    expect(estimateDetail(e)).toBe('~4 min 40 s: 4000 forward passes in 125 calls, at the ms per pass of the timing probe');
  });

  it('says what starts, what was cancelled and which map stays', () => {
    expect(startingText('Integrated Gradients')).toBe('Integrated Gradients: preparing the model…');
    expect(cancelledText({ jobId: 'j', method: 'rise', done: 320, total: 4000, elapsedMs: 12_000, shownMethod: 'lime' }, methods)).toBe(
      'RISE cancelled at 320 / 4000 (8%) after 12 s',
    );
    expect(cancelledText({ jobId: 'j', method: 'rise', done: 0, total: 0, elapsedMs: 400, shownMethod: null }, methods)).toBe(
      'RISE cancelled before its first step after 0.4 s',
    );
    expect(shownText('lime', methods)).toBe('showing LIME (previous result)');
    expect(shownText(null, methods)).toBe('no map on screen');
  });
});
