import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExperimentRow } from '../../../src-main/api/types';
import { experimentsCsv } from './experimentCsv';
import { masksZip } from './masksZip';

const png = (bytes: number[]) => `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
const row = (id: string, image: string, bytes: number[]): ExperimentRow => ({
  id,
  time: '2025-01-02T03:04:05.000Z',
  model: 'm',
  image,
  width: 2,
  height: 2,
  fill: 'zero',
  area: 0.25,
  target: 1,
  classes: [],
  maskPng: png(bytes),
  thumbnail: '',
});

describe('exported masks as one zip', () => {
  it('holds every mask PNG byte for byte under its file name, and the CSV naming them', () => {
    const rows = [row('exp-1', 'digit-7.png', [137, 80, 78, 71, 1, 2, 3]), row('exp-2', 'chest.dcm', [137, 80, 78, 71, 255, 0])];
    const files = unzipSync(masksZip(rows));
    expect(Object.keys(files).sort()).toEqual(['chest-exp-2.mask.png', 'digit-7-exp-1.mask.png', 'mask-experiments.csv']);
    expect(Array.from(files['digit-7-exp-1.mask.png'])).toEqual([137, 80, 78, 71, 1, 2, 3]);
    expect(Array.from(files['chest-exp-2.mask.png'])).toEqual([137, 80, 78, 71, 255, 0]);
    expect(new TextDecoder().decode(files['mask-experiments.csv'])).toBe(experimentsCsv(rows));
  });
});
