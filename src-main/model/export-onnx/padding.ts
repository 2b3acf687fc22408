// Explicit ONNX pads for a tfjs window op (conv, pool). tfjs' 'same' pads
// asymmetrically — total = max((out − 1)·stride + effective window − in, 0),
// floor(total / 2) before, the rest after (tfjs-core conv_util) — so an odd
// total puts the extra row at the bottom; 'valid' pads nothing. ONNX's
// auto_pad is avoided: the pads are written out, as tfjs computes them.

/** Padding before and after along one axis. */
export function samePads(size: number, window: number, stride: number, dilation = 1): [number, number] {
  const effective = window + (window - 1) * (dilation - 1);
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** ONNX `pads` [top, left, bottom, right] for an [h, w] input. */
export function windowPads(
  padding: string,
  hw: [number, number],
  window: [number, number],
  strides: [number, number],
  dilations: [number, number] = [1, 1],
): number[] {
  if (padding !== 'same') return [0, 0, 0, 0];
  const [t, b] = samePads(hw[0], window[0], strides[0], dilations[0]);
  const [l, r] = samePads(hw[1], window[1], strides[1], dilations[1]);
  return [t, l, b, r];
}
