import { describe, expect, it } from 'vitest';
import { filesFromDrop, routeFiles } from './files';

// The renderer's tests compile without Node's types: node:fs comes in untyped, as theme.test.ts does it.
const fs = (await import('node:fs' as string)) as {
  existsSync(p: URL): boolean;
  readdirSync(p: URL): string[];
  readFileSync(p: URL): Uint8Array;
};
const SHARED = new URL('../../../../shared/data/', import.meta.url);
const HAVE_SHARED = fs.existsSync(SHARED);
const shared = (dir: string) => new URL(`${dir}/`, SHARED);
const DIGIT = new URL('../../../resources/demo/digits/samples/digit-3.png', import.meta.url);

const file = (name: string, bytes: Uint8Array | string) => new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);
const fromDisk = (url: URL, name = url.pathname.split('/').pop()!) => file(name, new Uint8Array(fs.readFileSync(url)));
const folder = (dir: URL) => fs.readdirSync(dir).map((n) => fromDisk(new URL(n, dir)));
const names = (list: readonly File[]) => list.map((f) => f.name);

describe.skipIf(!HAVE_SHARED)('routeFiles: a pick or a drop sorted by content', () => {
  const darknet = HAVE_SHARED ? folder(shared('models/ml5_darknet_tiny_imagenet')) : [];

  it('the Darknet folder, model.json last, with a digit named like a shard: model.json first, 31 shards, the labels; the PNG is the image', async () => {
    const order = [fromDisk(DIGIT, 'group99-shard1of1'), ...darknet.filter((f) => f.name !== 'model.json'), darknet.find((f) => f.name === 'model.json')!];
    const r = await routeFiles(order);
    expect(r.model[0].name).toBe('model.json');
    expect(names(r.model).filter((n) => /^group\d+-shard1of1$/.test(n))).toHaveLength(31);
    expect(names(r.model)).toContain('imagenet_classes_darknet.json');
    expect(names(r.model)).not.toContain('group99-shard1of1');
    expect(r.image?.name).toBe('group99-shard1of1');
  });

  it('DoodleNet: class_names.txt goes with the model, never to the image', async () => {
    const r = await routeFiles(folder(shared('models/ml5_doodlenet_quickdraw345')));
    expect(r.model[0].name).toBe('model.json');
    expect(names(r.model)).toContain('class_names.txt');
    expect(r.image).toBeNull();
  });
});

describe('routeFiles on constructed files', () => {
  const png = () => fromDisk(DIGIT, 'scan');
  it('an .onnx or a Keras file is the model, with the image beside it', async () => {
    for (const n of ['resnet.onnx', 'keras_model.h5', 'model.keras']) {
      const r = await routeFiles([png(), file(n, new Uint8Array([1, 0, 2]))]);
      expect(names(r.model)).toEqual([n]);
      expect(r.image?.name).toBe('scan');
    }
  });
  it('an image alone opens as the image; a text named .png is not one and goes to the engine to be refused', async () => {
    expect(await routeFiles([png()])).toEqual({ model: [], image: expect.objectContaining({ name: 'scan' }) });
    const text = file('photo.png', 'not a picture\n');
    const r = await routeFiles([text]);
    expect(r.image).toBeNull();
    expect(r.model).toEqual([text]);
  });
  it('a broken model.json beside an image: both go on, the engine names what is wrong with the JSON', async () => {
    const broken = file('model.json', '{"modelTopology": [oops');
    const r = await routeFiles([png(), broken]);
    expect(r.model).toEqual([broken]);
    expect(r.image?.name).toBe('scan');
  });
  it('a text file over the sample size is read whole to be classified', async () => {
    const big = `${'x'.repeat(5000)}`;
    const json = JSON.stringify({ modelTopology: { pad: big }, weightsManifest: [{ paths: ['w'], weights: [] }] });
    const r = await routeFiles([file('w', new Uint8Array([0, 1, 2, 3])), file('exported.json', json)]);
    expect(names(r.model)).toEqual(['exported.json', 'w']);
  });
});

/** A DataTransfer as Chromium hands it over: items with entries (a folder's in batches) and the flat file list. */
function fakeDrop(tree: Record<string, File | Record<string, File>>): DataTransfer {
  const fileEntry = (f: File) => ({ name: f.name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(f) });
  const dirEntry = (name: string, kids: Record<string, File>) => {
    const all = Object.values(kids).map(fileEntry);
    return {
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        let at = 0;
        // Two at a time, as readEntries hands out a folder in batches.
        return { readEntries: (ok: (e: unknown[]) => void) => ok(all.slice(at, (at += 2))) };
      },
    };
  };
  const top = Object.entries(tree);
  return {
    items: top.map(([name, v]) => ({ kind: 'file', webkitGetAsEntry: () => (v instanceof File ? fileEntry(v) : dirEntry(name, v)) })),
    files: top.map(([name, v]) => (v instanceof File ? v : file(name, ''))),
  } as unknown as DataTransfer;
}

describe('filesFromDrop', () => {
  it('walks a dropped folder (batches of entries) and skips hidden files', async () => {
    const a = file('model.json', '{}');
    const kids = { 'model.json': a, w1: file('w1', 'x'), w2: file('w2', 'y'), '.DS_Store': file('.DS_Store', ''), 'labels.txt': file('labels.txt', 'a') };
    const got = await filesFromDrop(fakeDrop({ darknet: kids, 'scan.png': file('scan.png', '') }));
    expect(names(got)).toEqual(['model.json', 'w1', 'w2', 'labels.txt', 'scan.png']);
  });
  it('plain files: the file list as it is', async () => {
    const got = await filesFromDrop(fakeDrop({ 'a.png': file('a.png', ''), b: file('b', '') }));
    expect(names(got)).toEqual(['a.png', 'b']);
    expect(await filesFromDrop(null)).toEqual([]);
  });
});
