import { describe, expect, it } from 'vitest';
import { fitView, inputRegion, zoomAt } from './viewport';

describe('viewport', () => {
  it('fits a wide image to the stage, centred, aspect kept', () => {
    expect(fitView(200, 100, 400, 400, 0)).toEqual({ scale: 2, x: 0, y: 100 });
  });

  it('zooms about the pointer', () => {
    const v = zoomAt({ scale: 1, x: 0, y: 0 }, { x: 10, y: 20 }, 2);
    expect(v).toEqual({ scale: 2, x: -10, y: -20 });
    // The image point under the pointer stays put: (10 - (-10)) / 2 = 10.
    expect((10 - v.x) / v.scale).toBe(10);
  });

  it('places the model input over the image for stretch, crop and pad', () => {
    expect(inputRegion(300, 200, 28, 28, 'stretch')).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    expect(inputRegion(300, 200, 28, 28, 'crop')).toEqual({ x: 50, y: 0, width: 200, height: 200 });
    expect(inputRegion(300, 200, 28, 28, 'pad')).toEqual({ x: 0, y: -50, width: 300, height: 300 });
  });
});
