import { describe, expect, it } from 'vitest';
import { jobWorkersNote, setJobWorkers } from './jobWorkers';
import type { Host } from '../host';

describe('job-worker preference', () => {
  it('says what the count means, and refuses a count the engine would refuse before calling it', async () => {
    expect(jobWorkersNote({ workers: 3, default: 2, resizable: true })).toMatch(/^3 job workers beside the interactive one; .*default here is 2/);
    expect(jobWorkersNote({ workers: 1, default: 2, resizable: true })).toMatch(/^one worker runs jobs/);
    expect(jobWorkersNote({ workers: 1, default: 2, resizable: false })).toBe('this engine runs in one process');
    let called = 0;
    const host = {
      api: { jobWorkers: async (r: { count?: number }) => (called++, { workers: r.count ?? 1, default: 2, resizable: true }) },
    } as unknown as Host;
    await expect(setJobWorkers(host, 0)).rejects.toThrow(/1 to 64/);
    await expect(setJobWorkers(host, 2.5)).rejects.toThrow(/whole number/);
    expect(called).toBe(0);
    expect(await setJobWorkers(host, 3)).toMatchObject({ workers: 3 });
    expect(called).toBe(1);
  });
});
