// The window read-out shown on the image while window/level is dragged, as
// radiology viewers print it: "W 400 L 40". Integers for integer-valued
// images (CT, 8/16-bit), four significant digits for float data.
import type { DisplayWindow } from '../state/types';

const fmt = (v: number, integer: boolean) => (integer ? String(Math.round(v)) : String(Number(v.toPrecision(4))));

export function windowReadout(w: Pick<DisplayWindow, 'center' | 'width'>, integer = true): string {
  return `W ${fmt(w.width, integer)} L ${fmt(w.center, integer)}`;
}
