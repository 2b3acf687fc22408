// The object's bounding box: that of the largest 4-connected component of the
// mask, as Simonyan et al. 2013 do for their localisation boxes.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Component labels (1…n, 0 = background) and each component's size. */
export function components(mask: Uint8Array, h: number, w: number): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(h * w);
  const sizes = [0];
  const stack: number[] = [];
  for (let start = 0; start < h * w; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = sizes.length;
    let size = 0;
    labels[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const y = Math.floor(p / w);
      const x = p - y * w;
      const visit = (q: number) => {
        if (mask[q] && !labels[q]) {
          labels[q] = id;
          stack.push(q);
        }
      };
      if (x > 0) visit(p - 1);
      if (x + 1 < w) visit(p + 1);
      if (y > 0) visit(p - w);
      if (y + 1 < h) visit(p + w);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/** Bounding box of the largest component, or null for an empty mask. */
export function largestComponentBox(mask: Uint8Array, h: number, w: number): Box | null {
  const { labels, sizes } = components(mask, h, w);
  let best = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i] > (sizes[best] ?? 0)) best = i;
  if (best === 0) return null;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let p = 0; p < h * w; p++) {
    if (labels[p] !== best) continue;
    const y = Math.floor(p / w);
    const x = p - y * w;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
