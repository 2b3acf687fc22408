import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import { explain, session } from './actions';
import { fromCaption, isCurrent, provenanceOf, sourceNote } from './provenance';
import { COMPUTING_LABEL, resultStaleness } from './staleness';
import { initialState, type StudioState } from './types';

const digits = f.model('m1', { name: 'Digits CNN' });
const chest = f.model('m2', { name: 'Chest phantoms' });
const three = f.image('i1', { name: 'digit-3.png' });
const seven = f.image('i2', { name: 'digit-7.png' });

describe('provenance of a result', () => {
  it('names the model and the image, or what the run read instead', () => {
    expect(fromCaption(provenanceOf(digits, three))).toBe('from Digits CNN on digit-3.png');
    expect(fromCaption(provenanceOf(digits, null, '5 demo samples'))).toBe('from Digits CNN on 5 demo samples');
    expect(fromCaption(provenanceOf(digits, null))).toBe('from Digits CNN');
  });

  it('is current only for the same model id, and the same image id when it used one', () => {
    const p = provenanceOf(digits, three);
    expect(isCurrent(p, digits, three)).toBe(true);
    expect(isCurrent(p, chest, three)).toBe(false);
    expect(isCurrent(p, digits, seven)).toBe(false);
    // A reopened file has a new id: it is another model.
    expect(isCurrent(p, { ...digits, id: 'm1b' }, three)).toBe(false);
    expect(isCurrent(provenanceOf(digits, null, '5 demo samples'), digits, seven)).toBe(true);
  });

  it('says what is open instead when out of date', () => {
    const p = provenanceOf(digits, three);
    expect(sourceNote(p, digits, three)).toBe('Results from Digits CNN on digit-3.png');
    expect(sourceNote(p, chest, seven)).toBe('Out of date: Results from Digits CNN on digit-3.png; the open model is Chest phantoms');
    expect(sourceNote(p, digits, seven)).toBe('Out of date: Results from Digits CNN on digit-3.png; the open image is digit-7.png');
    expect(sourceNote(p, null, null)).toBe('Out of date: Results from Digits CNN on digit-3.png; no model is open');
  });
});

describe('staleness of the single view', () => {
  function shown(): StudioState {
    let s = session.modelOpened(initialState, digits);
    s = session.imageOpened(s, three);
    return explain.explained(explain.jobStarted(s, 'j1', 'm1', 'i1', 'saliency'), f.result('j1'));
  }

  it('records the source of a shown result by ids and names', () => {
    expect(shown().resultFrom).toEqual({ jobId: 'j1', modelId: 'm1', modelName: 'Digits CNN', imageId: 'i1', imageName: 'digit-3.png' });
    expect(resultStaleness(shown())).toBeNull();
  });

  it('marks the old map while a job computes the next one, and unmarks it with the new result', () => {
    const running = explain.jobStarted(shown(), 'j2', 'm1', 'i1', 'gradcam');
    expect(resultStaleness(running)).toEqual({ kind: 'computing', label: 'out of date — computing…' });
    expect(COMPUTING_LABEL).toBe('out of date — computing…');
    expect(resultStaleness(explain.explained(running, f.result('j2')))).toBeNull();
    expect(resultStaleness(explain.jobEnded(running, 'j2'))).toBeNull();
  });

  it('marks a result kept past a change of model as "from <model> on <image>"', () => {
    // Opening a model clears the result today; a kept one (e.g. while the next loads) must say where it is from.
    const kept = { ...shown(), model: chest };
    expect(resultStaleness(kept)).toEqual({ kind: 'source', label: 'out of date — from Digits CNN on digit-3.png' });
    expect(resultStaleness({ ...shown(), image: seven })?.kind).toBe('source');
  });

  it('a result without a matching record (a restored project) is not claimed to be from elsewhere', () => {
    const restored = { ...shown(), result: { ...f.result('restored') }, model: chest };
    expect(resultStaleness(restored)).toBeNull();
  });
});
