import sharp from 'sharp';
import { generatePhantom } from './chest-phantom';
const n = 96, cols = 6, rows = 2, scale = 2;
const W = n * cols, H = n * rows;
const buf = Buffer.alloc(W * H * 3);
for (let k = 0; k < cols * rows; k++) {
  const p = generatePhantom(k + 1, { nodule: k % 2 === 0 });
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const v = Math.round(p.image[y * n + x] * 255); const o = (((Math.floor(k / cols) * n + y) * W) + (k % cols) * n + x) * 3;
    const edge = p.bbox && (x === p.bbox.x - 2 || x === p.bbox.x + p.bbox.width + 1) && y >= p.bbox.y - 2 && y <= p.bbox.y + p.bbox.height + 1 && k >= 6;
    buf[o] = edge ? 255 : v; buf[o + 1] = edge ? 0 : v; buf[o + 2] = edge ? 0 : v;
  }
  console.log(k + 1, p.hasNodule, p.bbox, p.nodule && { r: p.nodule.radius.toFixed(1), c: p.nodule.contrast.toFixed(2) });
}
await sharp(buf, { raw: { width: W, height: H, channels: 3 } }).resize(W * scale, H * scale, { kernel: 'nearest' }).png().toFile('/tmp/phantoms.png');
