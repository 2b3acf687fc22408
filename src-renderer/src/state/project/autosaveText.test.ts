import { describe, expect, it } from 'vitest';
import { autosaveEntryLabel, autosaveTime, restoreOfferText } from './autosaveText';

// Local times, so the expectations hold in any time zone.
const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi, 30).toISOString();
const now = new Date(2025, 2, 14, 18, 0);

describe('autosave text', () => {
  it('gives the time alone today and the date before it otherwise', () => {
    expect(autosaveTime(at(2025, 3, 14, 9, 5), now)).toBe('09:05');
    expect(autosaveTime(at(2025, 3, 13, 23, 59), now)).toBe('2025-03-13 23:59');
    expect(autosaveTime(at(2024, 3, 14, 9, 5), now)).toBe('2024-03-14 09:05');
    expect(autosaveTime('not a date', now)).toBe('at an unknown time');
  });

  it('names the time, the model and the image of the offer, leaving out what is unknown', () => {
    const savedAt = at(2025, 3, 14, 14, 3);
    expect(restoreOfferText({ savedAt, model: 'digits', image: 'digit-7.png' }, now)).toBe('Restore the last session (saved 14:03, digits on digit-7.png)');
    expect(restoreOfferText({ savedAt, model: 'digits', image: null }, now)).toBe('Restore the last session (saved 14:03, digits)');
    expect(restoreOfferText({ savedAt: null, model: null, image: 'chest.dcm' }, now)).toBe('Restore the last session (chest.dcm)');
    expect(restoreOfferText({ savedAt: null, model: null, image: null }, now)).toBe('Restore the last session');
  });

  it('labels the Recent item', () => {
    expect(autosaveEntryLabel(at(2025, 3, 14, 14, 3), now)).toBe('Autosave — 14:03');
    expect(autosaveEntryLabel(at(2025, 1, 2, 7, 0), now)).toBe('Autosave — 2025-01-02 07:00');
  });
});
