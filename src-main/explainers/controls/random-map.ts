// Random-map control: uniform noise, seeded by the `seed` parameter and the
// input's content, so it is reproducible yet different for x and x ⊙ m (a
// fixed draw would make ADCC's coherency a perfect 1 for noise).
import { mulberry32 } from '../../shared/random';
import type { Method } from '../types';

/** FNV-1a over the float bits of the input: a content hash for seeding. */
function contentHash(data: Float32Array): number {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193);
  return h >>> 0;
}

export const randomMap: Method = {
  id: 'random-map',
  label: 'Random map (control)',
  family: 'control',
  paper: 'Uniform noise: the floor any method must beat (Adebayo et al. 2018; Poppi et al. 2021)',
  needsLayer: false,
  usesGradients: false,
  params: [
    { name: 'seed', type: 'int', default: 0, min: 0, max: 2 ** 31 - 1, help: 'Mixed with a hash of the input, so each input gets its own reproducible draw.' },
  ],
  async run(ctx) {
    ctx.signal.check();
    const [, h, w] = ctx.input.shape;
    const rand = mulberry32(((ctx.params.seed as number) ^ contentHash((await ctx.input.data()) as Float32Array)) >>> 0);
    ctx.progress(1, 1);
    return { map: Float32Array.from({ length: h * w }, rand), shape: [h, w] };
  },
};
