// The out-of-distribution check: header codes against a model's "expects",
// input statistics as z-scores, the sidecar's validation, and the chest demo's
// declaration recomputed from its training phantoms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DicomHeader, ModelExpects } from '../api/types';
import { phantomExpects } from '../../scripts/demo/phantom-expects';
import { demo } from '../testing/shared-data';
import { checkDistribution, expectsProblem, inputStats } from './distribution';
import { parseSidecar } from './sidecar';

const chest: ModelExpects = { modality: ['CR', 'DX'], bodyPart: ['CHEST'], viewPosition: ['PA', 'AP'], inputMean: { mean: 0.4, sd: 0.05 } };
const header = (o: Partial<DicomHeader>): DicomHeader => ({
  modality: null,
  photometricInterpretation: 'MONOCHROME2',
  transferSyntaxUID: '',
  transferSyntaxName: '',
  rows: 1,
  columns: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  pixelRepresentation: 0,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  windowCenter: null,
  windowWidth: null,
  pixelSpacing: null,
  ...o,
});
const inRange = { mean: 0.4, std: 0.2 };

describe('checkDistribution', () => {
  it('names each header code unlike the declared ones', () => {
    expect(checkDistribution(chest, header({ modality: 'CR', bodyPart: 'HIP' }), inRange).reasons).toEqual(['Body part HIP; this model expects CHEST']);
    expect(checkDistribution(chest, header({ modality: 'MR', bodyPart: 'THORAX', viewPosition: 'LL' }), inRange).reasons).toEqual([
      'Modality MR; this model expects CR or DX',
      'Body part THORAX; this model expects CHEST',
      'View position LL; this model expects PA or AP',
    ]);
  });

  it('a matching header, a header without the fields and an image without a header give no reason', () => {
    expect(checkDistribution(chest, header({ modality: 'dx', bodyPart: 'CHEST', viewPosition: 'PA' }), inRange).reasons).toEqual([]);
    expect(checkDistribution(chest, header({ modality: 'DX' }), inRange).reasons).toEqual([]);
    expect(checkDistribution(chest, null, inRange).reasons).toEqual([]);
  });

  it('input statistics: |z| above the limit (3 by default) is named with its z', () => {
    // z = (0.55 − 0.4) / 0.05 = 3.00…: not above 3; 0.56 gives 3.2.
    expect(checkDistribution(chest, null, { mean: 0.549, std: 0.2 }).reasons).toEqual([]);
    expect(checkDistribution(chest, null, { mean: 0.56, std: 0.2 }).reasons).toEqual(["Input mean 0.560 is 3.20 SD above the training inputs' 0.400 ± 0.0500"]);
    expect(checkDistribution({ ...chest, zLimit: 1 }, null, { mean: 0.33, std: 0.2 }).reasons).toEqual([
      "Input mean 0.330 is 1.40 SD below the training inputs' 0.400 ± 0.0500",
    ]);
    const r = checkDistribution({ inputStd: { mean: 0.18, sd: 0.01 } }, null, { mean: 0, std: 0.1 });
    expect(r).toEqual({ reasons: ["Input standard deviation 0.100 is 8.00 SD below the training inputs' 0.180 ± 0.0100"], inputMean: 0, inputStd: 0.1 });
  });

  it('inputStats: population mean and standard deviation', () => {
    // 1, 2, 3, 4, 5, 6, 7, 8: mean 4.5, variance 5.25.
    const s = inputStats([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.mean).toBe(4.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5.25), 12);
  });
});

describe('the sidecar "expects" field', () => {
  it.each([
    [{ modality: 'DX' }, /"expects.modality" must be a non-empty list/],
    [{ bodyPart: ['chest'] }, /"expects.bodyPart"/],
    [{ inputMean: { mean: 0.4, sd: 0 } }, /"expects.inputMean" must be/],
    [{ inputStd: { mean: 'a', sd: 1 } }, /"expects.inputStd"/],
    [{ zLimit: -1 }, /zLimit/],
    [[], /must be an object/],
  ])('%j is refused', (v, why) => {
    expect(expectsProblem(v)).toMatch(why);
    expect(() => parseSidecar('s.json', JSON.stringify({ expects: v }))).toThrow(/"expects" must be an object/);
  });

  it('a well-formed declaration is read as given', () => {
    expect(expectsProblem(chest)).toBeNull();
    expect(parseSidecar('s.json', JSON.stringify({ expects: chest })).expects).toEqual(chest);
  });

  it("the chest demo declares frontal chest radiographs and its training phantoms' input statistics (recomputed here)", () => {
    const side = parseSidecar('chest', readFileSync(demo('chest', 'saliency-studio.json'), 'utf8'));
    expect(side.expects).toEqual(phantomExpects(1000));
  });
});
