// Hostile model folders (1 of 2): every path a model file names stays inside
// its folder, no error message quotes a file's bytes, and preprocessing from
// the request or the sidecar is checked.

import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { loadModelFromPath, loadModelFromUploads } from './load';
import { buildModel, fixture, PASSWD, refusal, topology, weights, weightSpecs } from './testing/hostile-fixtures';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  await buildModel();
});

describe('a well-formed fixture loads (the control for every refusal below)', () => {
  it('3 classes, labels from a labelsFile inside the folder, shard through an inside symlink', async () => {
    const f = await fixture({ weights: null, sidecar: { labelsFile: 'names/n.txt' } });
    await mkdir(join(f.dir, 'names'));
    await writeFile(join(f.dir, 'names', 'n.txt'), 'a\nb\nc\n');
    await mkdir(join(f.dir, 'sub'));
    await writeFile(join(f.dir, 'sub', 'real.bin'), weights);
    await symlink(join('sub', 'real.bin'), join(f.dir, 'w.bin'));
    const { info, classifier } = await loadModelFromPath(f.model);
    expect(info.numClasses).toBe(3);
    expect(info.labels).toEqual(['a', 'b', 'c']);
    expect(info.path).toBe(f.model);
    classifier.dispose();
  });

  it('a folder given as path, reached through a symlinked folder, opens its model.json and keeps the given path', async () => {
    const f = await fixture();
    const link = join(f.base, 'link');
    await symlink(f.dir, link);
    const { info, classifier } = await loadModelFromPath(link);
    expect(info.numClasses).toBe(3);
    expect(info.path).toBe(join(link, 'model.json'));
    classifier.dispose();
  });
});

describe('every path a model file names stays inside its folder', () => {
  it('a shard "../secret.bin" is refused, not read as Dense biases', async () => {
    const f = await fixture({ paths: ['../secret.bin'] });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('../secret.bin');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('a shard that is a symlink pointing outside is refused', async () => {
    const f = await fixture({ weights: null });
    await symlink(join(f.base, 'secret.bin'), join(f.dir, 'w.bin'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('w.bin');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('an absolute shard path is refused, even one that exists', async () => {
    const f = await fixture();
    await writeFile(
      join(f.dir, 'model.json'),
      JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: [join(f.base, 'secret.bin')], weights: weightSpecs }] }),
    );
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('S3CR3T');
  });

  it('a missing shard that climbs out is refused as outside, not probed', async () => {
    const f = await fixture({ paths: ['../../nope.bin'] });
    expect((await refusal(loadModelFromPath(f.model))).code).toBe('outside-folder');
  });

  it('labelsFile "../labels.txt" in saliency-studio.json is refused, its lines never become labels', async () => {
    const f = await fixture({ sidecar: { labelsFile: '../labels.txt' } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).toContain('labelsFile');
    expect(e.message).not.toContain('leaked');
  });

  it('an auto-detected labels.txt that is a symlink out of the folder is refused', async () => {
    const f = await fixture();
    await symlink(join(f.base, 'labels.txt'), join(f.dir, 'labels.txt'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('leaked');
  });

  it('a saliency-studio.json that is a symlink out of the folder is refused', async () => {
    const f = await fixture();
    await writeFile(join(f.base, 'other.json'), JSON.stringify({ labels: ['leaked-a', 'leaked-b', 'leaked-c'] }));
    await symlink(join(f.base, 'other.json'), join(f.dir, 'saliency-studio.json'));
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('outside-folder');
    expect(e.message).not.toContain('leaked');
  });
});

describe('error messages never quote a file', () => {
  const noEcho = (e: { message: string }): void => {
    expect(e.message).not.toContain('root');
    expect(e.message).not.toContain('20228');
  };

  it('model.json holding a passwd line: not-a-tfjs-model, naming the file, quoting nothing', async () => {
    const f = await fixture();
    await writeFile(f.model, PASSWD);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('not-a-tfjs-model');
    expect(e.message).toContain('model.json');
    expect(e.message).toContain('not valid JSON');
    noEcho(e);
  });

  it('the same through uploads', async () => {
    const e = await refusal(loadModelFromUploads([{ name: 'model.json', bytes: new TextEncoder().encode(PASSWD) }]));
    expect(e.code).toBe('not-a-tfjs-model');
    noEcho(e);
  });

  it('a JSON error gives the byte offset (not the character index) and nothing else of the text', async () => {
    const f = await fixture();
    await writeFile(f.model, '{"é":1,}'); // V8: "at position 7" (characters); é is 2 bytes in UTF-8
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('not-a-tfjs-model');
    expect(e.message).toMatch(/not valid JSON \(at byte 8\)/);
    expect(e.message).not.toContain('é');
  });

  it('saliency-studio.json holding a passwd line: bad-sidecar, quoting nothing', async () => {
    const f = await fixture({ sidecar: PASSWD });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-sidecar');
    expect(e.message).toContain('saliency-studio.json');
    noEcho(e);
  });

  it('a labels .json holding a passwd line: bad-labels, quoting nothing', async () => {
    const f = await fixture({ sidecar: { labelsFile: 'classes.json' } });
    await writeFile(join(f.dir, 'classes.json'), PASSWD);
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-labels');
    expect(e.message).toContain('classes.json');
    noEcho(e);
  });

  it('sidecar fields of the wrong type are refused (a 3-character string is not 3 labels)', async () => {
    const f = await fixture({ sidecar: { labels: 'abc' } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-sidecar');
    expect(e.message).toContain('"labels"');
    const g = await fixture({ sidecar: { outputIndex: '0' } });
    expect((await refusal(loadModelFromPath(g.model))).code).toBe('bad-sidecar');
  });
});

describe('preprocessing from the request and from saliency-studio.json is checked', () => {
  it('override {preset:"bogus"} is a bad-request naming the field and the presets', async () => {
    const f = await fixture();
    const e = await refusal(loadModelFromPath(f.model, { preset: 'bogus' } as never));
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/preset.*unit, signed, imagenet, caffe, raw/);
  });

  it('override resize and invert of the wrong kind are refused; the same through uploads', async () => {
    const f = await fixture();
    expect(await refusal(loadModelFromPath(f.model, { resize: 'zoom' } as never))).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('resize'),
    });
    expect(await refusal(loadModelFromPath(f.model, { invert: 'yes' } as never))).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('invert'),
    });
    const files = [
      { name: 'model.json', bytes: new Uint8Array(await readFile(f.model)) },
      { name: 'w.bin', bytes: new Uint8Array(weights) },
    ];
    expect(await refusal(loadModelFromUploads(files, { preset: 'bogus' } as never))).toMatchObject({ code: 'bad-request' });
  });

  it('a sidecar preprocess {preset:"bogus"} is refused, naming saliency-studio.json', async () => {
    const f = await fixture({ sidecar: { preprocess: { preset: 'bogus' } } });
    const e = await refusal(loadModelFromPath(f.model));
    expect(e.code).toBe('bad-request');
    expect(e.message).toContain('saliency-studio.json');
    expect(e.message).toContain('preset');
  });

  it('a valid override still merges over the sidecar and the defaults', async () => {
    const f = await fixture({ sidecar: { preprocess: { resize: 'pad' } } });
    const { info, classifier } = await loadModelFromPath(f.model, { preset: 'signed' });
    expect(info.preprocess).toEqual({ preset: 'signed', resize: 'pad', invert: false });
    classifier.dispose();
  });
});
