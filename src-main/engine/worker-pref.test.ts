// The job-worker preference: kept in the data folder, read at start; a bad file means the default.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkerPref, saveWorkerPref } from './worker-pref';

describe('worker preference', () => {
  it('round-trips, and an absent or unusable file gives undefined (the default)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-pref-'));
    const env = { SALIENCY_STUDIO_DATA: dir };
    expect(loadWorkerPref(env)).toBeUndefined();
    await saveWorkerPref(3, env);
    expect(loadWorkerPref(env)).toBe(3);
    writeFileSync(join(dir, 'engine-preferences.json'), '{"jobWorkers": 0}');
    expect(loadWorkerPref(env)).toBeUndefined();
    writeFileSync(join(dir, 'engine-preferences.json'), 'not json');
    expect(loadWorkerPref(env)).toBeUndefined();
  });
});
