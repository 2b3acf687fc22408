// The words of a cell's pointer read-out: which pixel, its value(s) by channel
// and the attribution there, each labelled (a bare "(163, 92) 97, 67, 29 · 0.2428" says none of it).
import { formatValue } from './cellRender';

export function readoutText(px: { x: number; y: number; values: number[] }, attribution: number | null): string {
  const v = px.values.map(formatValue);
  const value = v.length >= 3 ? `R ${v[0]} G ${v[1]} B ${v[2]}` : `value ${v.join(', ')}`;
  return `x ${px.x}, y ${px.y} · ${value}${attribution === null ? '' : ` · attribution ${formatValue(attribution)}`}`;
}
