// The CLI contract on real files. What only a subprocess proves (the bin starts,
// exit codes as the OS sees them, stderr empty) runs as a user runs it, via
// bin/saliency-studio.mjs; the messages, exit codes and JSON of the rest run
// in-process (testing/cli-inproc.ts), saving 2–3 s of start-up per call.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../shared/npy';
import { encodePng } from '../shared/report/png';
import { type CliResult, runCli } from '../testing/cli-inproc';
import { demo, HAVE_SHARED, PROJECT_ROOT, shared, SHARED_MODELS } from '../testing/shared-data';

/** A subprocess through the bin, as a user runs it. */
function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** The same command in this process. */
const run = (...args: string[]): Promise<CliResult> => runCli(args);

/** `explain` on the digits demo's digit 7: most refusals below add one bad flag to it. */
const EXPLAIN_DIGIT = ['explain', '--model', demo('digits', 'model.json'), '--image', demo('digits', 'samples', 'digit-7.png')];
const out = mkdtempSync(join(tmpdir(), 'ss-cli-'));

interface ExplainJson {
  backend: string;
  target: { index: number; label: string; logit: number; probability: number };
  methods: { id: string; npy: string; png: string; shape: [number, number]; min: number; max: number; ms: number }[];
}

describe('CLI', () => {
  it('methods --json lists the registry with saliency first', async () => {
    const r = await run('methods', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[])[0].id).toBe('saliency');
  });

  it('subprocess: the bin starts; explain writes a float32 [H,W] .npy and an overlay .png, prints the contract JSON, exit 0, stderr empty', () => {
    const r = cli(...EXPLAIN_DIGIT, '--method', 'saliency', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as ExplainJson;
    expect(j.target).toMatchObject({ index: 7, label: '7' });
    const m = j.methods[0];
    const npy = decodeNpy(new Uint8Array(readFileSync(m.npy)));
    expect(npy.shape).toEqual([28, 28]);
    expect(Math.max(...npy.data)).toBeCloseTo(m.max, 6);
    expect(readFileSync(m.png).subarray(1, 4).toString()).toBe('PNG');
  });

  const bad = (name: string, bytes: string | Uint8Array): string => {
    const p = join(out, name);
    writeFileSync(p, bytes);
    return p;
  };
  it.each([
    // The first through the bin: exit code 3 as the OS sees it, and nothing else on stderr.
    ['a 0-byte image', () => bad('empty.png', ''), /empty/, cli],
    ['a text file renamed .png', () => bad('notes.png', 'hello, not an image'), /not.*image|unrecogni/i, run],
    [
      'a truncated DICOM',
      () => bad('cut.dcm', Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0x10, 0, 0x55])])),
      /truncat|corrupt/,
      run,
    ],
    ['a corrupt JPEG', () => bad('broken.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)])), /corrupt|truncat|JPEG/i, run],
  ])('%s: one line on stderr naming the file, exit code 3 (a failed image), no stack', async (_what, make, pattern, via) => {
    const file = make();
    const r = await via('explain', '--model', demo('digits', 'model.json'), '--image', file, '--out', out);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file.split('/').pop());
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['explain', '--image', demo('digits', 'samples', 'digit-7.png')],
    ['sanity', '--image', demo('digits', 'samples', 'digit-7.png')],
    ['evaluate', '--images', demo('digits', 'samples', 'digit-7.png')],
    ['localize', '--image', demo('digits', 'samples', 'digit-7.png')],
  ])('%s --target abc is refused by the one target parser, in one line', async (cmd, ...images) => {
    const r = await run(cmd, '--model', demo('digits', 'model.json'), ...images, '--target', 'abc', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`saliency-studio ${cmd}: --target must be "top" or a class index, got "abc"`);
  });

  it("--preprocess and a non-integer --target are refused by the operations' rules", async () => {
    const p = await run(...EXPLAIN_DIGIT, '--preprocess', 'bogus', '--out', out);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/openModel: "preprocess.preset" must be one of unit, signed, imagenet, caffe, raw/);
    const t = await run(...EXPLAIN_DIGIT, '--target', '1.5', '--out', out);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/explain: "target" must be "top" or a class index/);
  });

  it('evaluate prints its progress from the structured fields: whole images done', async () => {
    const r = await run(
      'evaluate',
      '--model',
      demo('digits', 'model.json'),
      '--images',
      demo('digits', 'samples', 'digit-7.png'),
      '--method',
      'saliency',
      '--controls',
      'none',
      '--metric',
      'deletion',
      '--set',
      'steps=2',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('1/1 images\n');
  });

  it('--target out of range is refused with the class count', async () => {
    const r = await run(...EXPLAIN_DIGIT, '--target', '10', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/target 10 is out of range.*10 classes/);
  });
});

describe.skipIf(!HAVE_SHARED)('CLI on ../shared/data', () => {
  it('info --json on the three real models', async () => {
    for (const [model, classes] of [
      [SHARED_MODELS.darknet, 1000],
      [SHARED_MODELS.doodlenet, 345],
      [SHARED_MODELS.lenet, 10],
    ] as const) {
      const r = await run('info', '--model', model, '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as { classes: number; layers: unknown[]; backend: { name: string; ladder: unknown[] } };
      expect(j.classes).toBe(classes);
      expect(j.layers.length).toBeGreaterThan(3);
      expect(j.backend.ladder).toHaveLength(4);
    }
  });

  it('explain on the five DICOM files with the multi-output LeNet', async () => {
    for (const f of [
      'highdicom_dx_mono1_explicit_vr.dcm',
      'nih_cxr14_dx_implicit_vr.dcm',
      'pydicom_MR_small_RLE.dcm',
      'pydicom_cr_mono1_16x16_explicit_vr.dcm',
      'wg04_RG2_cr_hip_jpeg_lossless_sv1.dcm',
    ]) {
      const r = await run('explain', '--model', SHARED_MODELS.lenet, '--image', shared('dicom', f), '--method', 'saliency', '--out', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as ExplainJson;
      expect(j.methods[0].shape).toEqual([28, 28]);
      expect(j.methods[0].max).toBeGreaterThan(0);
    }
  });

  it('explain runs every registered method in one call on LeNet and on the demo CNN (CAM, which needs a GAP head, on the chest demo)', async () => {
    const all = (JSON.parse((await run('methods', '--json')).stdout) as { id: string }[]).map((m) => m.id);
    expect(all.length).toBeGreaterThanOrEqual(24);
    const ids = all.filter((id) => id !== 'cam');
    const chest = await run(
      'explain',
      '--model',
      demo('chest', 'model.json'),
      '--image',
      demo('chest', 'samples', 'phantom-01.png'),
      '--method',
      'cam,gradcam',
      '--out',
      out,
      '--json',
    );
    expect(chest.code, chest.stderr).toBe(0);
    expect((JSON.parse(chest.stdout) as ExplainJson).methods.map((m) => m.shape)).toEqual([
      [96, 96],
      [96, 96],
    ]);
    const refused = await run('explain', '--model', SHARED_MODELS.lenet, '--image', demo('digits', 'samples', 'digit-3.png'), '--method', 'cam', '--out', out);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/CAM needs a head GlobalAveragePooling2D → Dense/);
    for (const model of [SHARED_MODELS.lenet, demo('digits', 'model.json')]) {
      const r = await run('explain', '--model', model, '--image', demo('digits', 'samples', 'digit-3.png'), '--method', ids.join(','), '--out', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as ExplainJson;
      expect(j.methods.map((m) => m.id)).toEqual(ids);
      for (const m of j.methods) {
        expect(m.shape, m.id).toEqual([28, 28]);
        expect(Math.max(Math.abs(m.min), Math.abs(m.max)), m.id).toBeGreaterThan(0);
        expect(decodeNpy(new Uint8Array(readFileSync(m.npy))).data.every(Number.isFinite), m.id).toBe(true);
      }
    }
  });

  it('explain on Darknet-tiny (224×224) and DoodleNet', async () => {
    const d = JSON.parse(
      (await run('explain', '--model', SHARED_MODELS.darknet, '--image', shared('images', 'skimage_chelsea.png'), '--out', out, '--json')).stdout,
    ) as ExplainJson;
    expect(d.methods[0].shape).toEqual([224, 224]);
    expect(['Egyptian cat', 'tabby', 'tiger cat']).toContain(d.target.label);
    const q = JSON.parse(
      (await run('explain', '--model', SHARED_MODELS.doodlenet, '--image', shared('images', 'skimage_horse.png'), '--out', out, '--json')).stdout,
    ) as ExplainJson;
    expect(q.methods[0].shape).toEqual([28, 28]);
  });

  it('explain --target-region on LRASPP: mask PNGs (white = inside) of the top and bottom halves add up to the whole image; a classifier refuses it', async () => {
    const seg = shared('onnx', 'lraspp_mobilenet_v3_seg3', 'model.onnx');
    const image = shared('images', 'skimage_chelsea.png');
    // At the model input's 256×256: rows 0…127 white, or rows 128…255.
    const half = (topWhite: boolean): string => {
      const p = join(out, `${topWhite ? 'top' : 'bottom'}.png`);
      writeFileSync(
        p,
        encodePng(
          Array.from({ length: 256 * 256 }, (_, i) => (i < 128 * 256 === topWhite ? 255 : 0)),
          256,
          256,
          1,
        ),
      );
      return p;
    };
    const explainRegion = async (region: string): Promise<ExplainJson> => {
      const r = await run('explain', '--model', seg, '--image', image, '--target', '1', '--target-region', region, '--out', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as ExplainJson;
    };
    const [top, bottom, all] = [await explainRegion(half(true)), await explainRegion(half(false)), await explainRegion('all')];
    expect((top.methods[0] as { extras?: object }).extras).toEqual({ targetRegion: 'drawn' });
    expect(Math.abs(top.target.logit - all.target.logit)).toBeGreaterThan(1);
    expect(Math.abs(top.target.logit + bottom.target.logit - all.target.logit)).toBeLessThan(1e-4 * Math.abs(all.target.logit) + 1e-2);
    const refused = await run(...EXPLAIN_DIGIT, '--target-region', 'all', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/a target region needs a segmentation model/);
  }, 120_000);
});
