import { describe, expect, it } from 'vitest';
import { parseLabels, parseSidecar } from './sidecar';

describe('labels files', () => {
  it('drops a leading index equal to the line number (Teachable Machine labels.txt), and only then', () => {
    expect(parseLabels('labels.txt', '0 Normal chest X-ray\n1 Covid19 chest X-ray\n2 Viral Pneumonia chest X-ray\n')).toEqual([
      'Normal chest X-ray',
      'Covid19 chest X-ray',
      'Viral Pneumonia chest X-ray',
    ]);
    expect(parseLabels('labels.txt', '1 one\n2 two')).toEqual(['1 one', '2 two']);
    expect(parseLabels('labels.txt', '0 zero\nno index')).toEqual(['0 zero', 'no index']);
  });
  it('reads "head" and refuses a value that is not a head', () => {
    expect(parseSidecar('s.json', '{"head": "sigmoid"}').head).toBe('sigmoid');
    expect(() => parseSidecar('s.json', '{"head": 1}')).toThrow(/"head" must be one of/);
  });
});
