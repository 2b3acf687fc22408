// Seeded generator of synthetic chest-radiograph-like images with an optional
// nodule and its ground-truth mask. Because the truth is known exactly, the app
// can score whether a saliency map points at the nodule (localisation) rather
// than at ribs or borders. Pure TS, no tfjs, so tests and evaluators use it freely
// (the demo trainers in scripts/demo/ and the BIM chest-marker variant in the engine).
import { gaussian, mulberry32 } from '../shared/random';

export interface Ellipse {
  cx: number; // pixels
  cy: number;
  rx: number;
  ry: number;
}

export interface BBox {
  x: number; // left column, inclusive
  y: number; // top row, inclusive
  width: number;
  height: number;
}

export interface PhantomOptions {
  /** Square side in pixels (default 96; geometry scales with it). */
  size?: number;
  /** Force a nodule on/off; default: present with probability 0.5. */
  nodule?: boolean;
  /** Peak brightness added by the nodule, [min, max] (default [0.18, 0.35]). */
  noduleContrast?: [number, number];
  /** Pixel noise standard deviation (default 0.025). */
  noise?: number;
}

export interface Phantom {
  image: Float32Array; // row-major, 0..1
  mask: Uint8Array; // 1 inside the nodule (d <= radius), else 0
  hasNodule: boolean;
  width: number;
  height: number;
  bbox: BBox | null; // tight box around the mask, null without a nodule
  lungs: [Ellipse, Ellipse]; // image-left, image-right lung fields
  nodule: { cx: number; cy: number; radius: number; contrast: number } | null;
}

/** 0..1 "insideness" with a soft edge of about `soft` in normalised radius. */
function ellipseIn(x: number, y: number, e: Ellipse, soft = 0.08): number {
  const r = Math.hypot((x - e.cx) / e.rx, (y - e.cy) / e.ry);
  return 1 / (1 + Math.exp((r - 1) / soft));
}

export function insideEllipse(x: number, y: number, e: Ellipse): boolean {
  return ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 <= 1;
}

export function generatePhantom(seed: number, opts: PhantomOptions = {}): Phantom {
  const n = opts.size ?? 96;
  const rand = mulberry32(seed * 2654435761 + 12345);
  const u = (a: number, b: number) => a + (b - a) * rand();
  const s = n; // geometry is specified as fractions of the side

  const body: Ellipse = { cx: s * u(0.48, 0.52), cy: s * 0.58, rx: s * u(0.44, 0.49), ry: s * u(0.55, 0.62) };
  const lungY = s * u(0.43, 0.48);
  const lungRy = s * u(0.25, 0.3);
  const gap = s * u(0.15, 0.19);
  const lungs: [Ellipse, Ellipse] = [
    { cx: s / 2 - gap, cy: lungY, rx: s * u(0.12, 0.15), ry: lungRy },
    { cx: s / 2 + gap, cy: lungY + s * u(-0.01, 0.02), rx: s * u(0.12, 0.15), ry: lungRy * u(0.92, 1) },
  ];
  const heart: Ellipse = { cx: s * u(0.54, 0.58), cy: s * u(0.58, 0.62), rx: s * u(0.12, 0.15), ry: s * u(0.1, 0.12) };
  const ribs = Math.round(u(6, 8));
  const ribTop = s * u(0.14, 0.2);
  const ribStep = s * u(0.075, 0.09);
  const ribCurve = u(1.6, 2.4) / s;
  const ribThick = s * u(0.011, 0.016);
  const gx = u(-0.08, 0.08);
  const gy = u(-0.1, 0.05);
  const exposure = u(0.9, 1.1);
  const noise = opts.noise ?? 0.025;

  // Nodule: drawn before pixels so the random stream layout does not depend on it.
  const hasNodule = opts.nodule ?? rand() < 0.5;
  const [cmin, cmax] = opts.noduleContrast ?? [0.18, 0.35];
  let nodule: Phantom['nodule'] = null;
  const radius = s * u(0.025, 0.055);
  const contrast = u(cmin, cmax);
  const side = rand() < 0.5 ? 0 : 1;
  if (hasNodule) {
    const lung = lungs[side];
    // Rejection-sample a centre whose whole disc (the mask) fits in the lung field.
    for (let tries = 0; tries < 1000 && !nodule; tries++) {
      const cx = lung.cx + lung.rx * u(-1, 1);
      const cy = lung.cy + lung.ry * u(-1, 1);
      const fits = [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2, Math.PI / 4, (3 * Math.PI) / 4, (5 * Math.PI) / 4, (7 * Math.PI) / 4].every((a) =>
        insideEllipse(cx + (radius + 1) * Math.cos(a), cy + (radius + 1) * Math.sin(a), lung),
      );
      if (fits) nodule = { cx, cy, radius, contrast };
    }
    if (!nodule) nodule = { cx: lung.cx, cy: lung.cy, radius, contrast };
  }

  const image = new Float32Array(n * n);
  const mask = new Uint8Array(n * n);
  let x0 = n,
    y0 = n,
    x1 = -1,
    y1 = -1;
  for (let py = 0; py < n; py++) {
    for (let px = 0; px < n; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      const inBody = ellipseIn(x, y, body, 0.04);
      const inLung = Math.max(ellipseIn(x, y, lungs[0]), ellipseIn(x, y, lungs[1]));
      // Attenuation model: soft tissue bright, air in lungs dark, bone and heart brighter.
      let v = 0.06 + 0.42 * inBody;
      v -= 0.26 * inLung * inBody;
      const dxMid = Math.abs(x - s / 2) / s;
      v += 0.16 * Math.exp(-((dxMid / 0.07) ** 2)) * inBody; // mediastinum
      v += 0.08 * Math.exp(-((dxMid / 0.022) ** 2)) * inBody; // spine
      v += 0.14 * ellipseIn(x, y, heart, 0.12) * inBody; // heart shadow over the left lung
      // Posterior ribs: arcs bowing upward from the spine, on both sides.
      const lat = Math.abs(x - s / 2);
      if (lat > s * 0.04 && lat < s * 0.44) {
        for (let k = 0; k < ribs; k++) {
          const cy = ribTop + k * ribStep - ribCurve * (lat - s * 0.22) ** 2 + s * 0.04;
          const d = (y - cy) / ribThick;
          if (Math.abs(d) < 4) v += 0.1 * Math.exp(-d * d) * inBody;
        }
      }
      v *= exposure * (1 + gx * (x / s - 0.5) + gy * (y / s - 0.5));
      if (nodule) {
        const d = Math.hypot(x - nodule.cx, y - nodule.cy);
        v += nodule.contrast * Math.exp(-(d * d) / (2 * (nodule.radius / 2) ** 2));
        if (d <= nodule.radius) {
          mask[py * n + px] = 1;
          if (px < x0) x0 = px;
          if (py < y0) y0 = py;
          if (px > x1) x1 = px;
          if (py > y1) y1 = py;
        }
      }
      image[py * n + px] = v;
    }
  }
  for (let i = 0; i < image.length; i++) image[i] = Math.min(1, Math.max(0, image[i] + noise * gaussian(rand)));
  const bbox = x1 >= 0 ? { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } : null;
  return { image, mask, hasNodule, width: n, height: n, bbox, lungs, nodule };
}
