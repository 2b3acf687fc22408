import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, configDiff, configHash, modelHash, type RunConfig } from './manifest';

const base: RunConfig = {
  command: 'evaluate',
  request: { methods: ['gradcam'], options: { steps: 5 } },
  model: 'm',
  images: 'i',
  versions: { project: '1', tfjs: '4' },
};

describe('manifest', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
    // Key order does not change the hash; a value does.
    const reordered: RunConfig = {
      versions: base.versions,
      images: 'i',
      model: 'm',
      request: { options: { steps: 5 }, methods: ['gradcam'] },
      command: 'evaluate',
    };
    expect(configHash(reordered)).toBe(configHash(base));
    expect(configHash({ ...base, images: 'j' })).not.toBe(configHash(base));
    expect(configHash(base)).toBe(createHash('sha256').update(canonicalJson(base)).digest('hex'));
  });

  it('configDiff names the top-level and request fields that differ', () => {
    expect(configDiff(base, base)).toEqual([]);
    expect(configDiff(base, { ...base, model: 'x', request: { methods: ['gradcam'], options: { steps: 6 }, layer: 'c1' } })).toEqual([
      'request.layer',
      'request.options',
      'model',
    ]);
  });

  it('modelHash covers model.json and the weight files it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-model-'));
    const json = JSON.stringify({ weightsManifest: [{ paths: ['w.bin'] }] });
    writeFileSync(join(dir, 'model.json'), json);
    writeFileSync(join(dir, 'w.bin'), Buffer.from([1, 2, 3]));
    const want = createHash('sha256')
      .update(json)
      .update('w.bin')
      .update(Buffer.from([1, 2, 3]))
      .digest('hex');
    expect(await modelHash(join(dir, 'model.json'))).toBe(want);
    writeFileSync(join(dir, 'w.bin'), Buffer.from([1, 2, 4]));
    expect(await modelHash(join(dir, 'model.json'))).not.toBe(want);
  });
});
