// The README's table of ONNX ops is the importer's: every lowered op is listed,
// and nothing is listed that is not lowered.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../testing/shared-data';
import { SUPPORTED_OPS } from '.';

describe('README ONNX op table', () => {
  it('lists exactly the ops the importer lowers', () => {
    const readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8');
    const para = readme.slice(readme.indexOf('Supported ops (any other is refused'));
    const listed = [...para.slice(0, para.indexOf('.\n')).matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...SUPPORTED_OPS]);
  });
});
