import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RowLog } from './rows';

describe('rows.jsonl', () => {
  it('appends whole lines; a partial last line (a kill mid-write) is cut off on open', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ss-rows-')), 'rows.jsonl');
    writeFileSync(path, '{"id":"a","v":1}\n{"id":"b","v":2}\n{"id":"c","v"');
    const { log, rows } = await RowLog.open<{ id: string; v: number | null }>(path);
    expect(rows).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ]);
    expect(readFileSync(path, 'utf8')).toBe('{"id":"a","v":1}\n{"id":"b","v":2}\n');
    await log.append({ id: 'c', v: NaN } as { id: string });
    await log.append({ id: 'd', v: 0.1 + 0.2 } as { id: string });
    await log.close();
    // Full precision (0.30000000000000004), non-finite as null.
    expect(readFileSync(path, 'utf8').split('\n').slice(2)).toEqual(['{"id":"c","v":null}', '{"id":"d","v":0.30000000000000004}', '']);
  });
});
