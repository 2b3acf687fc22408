// Whether what the page writes (projects, the autosave, DICOM exports) may carry
// patient-identifying attributes: off until the user confirms. The salt is this
// page session's: pseudonyms and remapped UIDs agree across everything written
// in it (an SC export and a saved project share the study's new UID).
import type { PrivacySettings } from '../../../src-main/api/dicom-export-types';
import { createStore, type Store } from './store';

function sessionSalt(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const privacyStore: Store<PrivacySettings> = createStore<PrivacySettings>({ identifiable: false, salt: sessionSalt(), dates: 'shift' });

export const setIdentifiable = (s: PrivacySettings, on: boolean): PrivacySettings => (s.identifiable === on ? s : { ...s, identifiable: on });
export const setDates = (s: PrivacySettings, dates: PrivacySettings['dates']): PrivacySettings => (s.dates === dates ? s : { ...s, dates });

/** What a write request carries (a copy: the request must not change with the toggle while it is in flight). */
export const privacyNow = (): PrivacySettings => ({ ...privacyStore.get() });
