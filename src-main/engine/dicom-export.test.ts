import dicomParser from 'dicom-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadImageBytes } from '../io/load';
import { renderShownOverlay } from '../io/overlay-shown';
import { demo, HAVE_SHARED, shared } from '../testing/shared-data';
import { LocalEngine } from './engine';

const F = 'highdicom_dx_mono1_explicit_vr.dcm';
const privacy = { identifiable: false, salt: 'engine-test-salt-0123', dates: 'shift' as const };
const map = Float32Array.from({ length: 12 * 16 }, (_, i) => Math.sin(i / 7) * (i % 16));
const style = { colormap: 'turbo', opacity: 0.7, mode: 'abs' as const, clipPercentile: 99.5, alpha: 'ramp' as const, threshold: 0.2 };

describe.skipIf(!HAVE_SHARED)('engine exportDicomSc', () => {
  it('an uploaded DICOM: the SC holds the overlay as the viewer draws it (ramp, threshold), at the image size', async () => {
    const engine = new LocalEngine();
    const bytes = new Uint8Array(readFileSync(shared('dicom', F)));
    const img = await engine.openImage({ file: { name: F, bytes } });
    const r = await engine.exportDicomSc({ imageId: img.id, map, shape: [12, 16], style, method: 'Grad-CAM++', target: 'nodule (1)', privacy });
    expect(r.name).toMatch(/^Grad-CAM-\d{8}\.sc\.dcm$/);
    const want = renderShownOverlay(await loadImageBytes(F, bytes), map, [12, 16], { ...style, colormap: 'turbo' });
    const ds = dicomParser.parseDicom(r.bytes);
    const px = ds.elements.x7fe00010;
    expect(Buffer.from(r.bytes.subarray(px.dataOffset, px.dataOffset + want.rgb.length)).equals(Buffer.from(want.rgb))).toBe(true);
    expect(ds.string('x0020000d')).toBe(r.studyInstanceUID);
    // The threshold hid some of the map: those pixels are the plain image (grey: R = G = B).
    let grey = 0;
    for (let p = 0; p < want.rgb.length; p += 3) if (want.rgb[p] === want.rgb[p + 1] && want.rgb[p + 1] === want.rgb[p + 2]) grey++;
    expect(grey).toBeGreaterThan(1000);
    expect(grey).toBeLessThan(211 * 169);
  });

  it('opened by path: the file is read again; a raster image is refused, naming why', async () => {
    const engine = new LocalEngine();
    const img = await engine.openImage({ path: shared('dicom', F) });
    const r = await engine.exportDicomSc({ imageId: img.id, map, shape: [12, 16], style, method: 'x', target: 'y', privacy });
    expect(dicomParser.parseDicom(r.bytes).string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.7');
    const png = await engine.openImage({ path: demo('chest', 'samples', 'phantom-01.png') });
    await expect(engine.exportDicomSc({ imageId: png.id, map, shape: [12, 16], style, method: 'x', target: 'y', privacy })).rejects.toThrow(
      /phantom-01\.png is not a DICOM image: a Secondary Capture needs a DICOM source/,
    );
    await expect(
      engine.exportDicomSc({ imageId: img.id, map, shape: [12, 16], style: { ...style, colormap: 'rainbow' }, method: 'x', target: 'y', privacy }),
    ).rejects.toThrow(/"style.colormap" must be one of viridis/);
  });
});
