import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/random';
import { MaxFlow } from './maxflow';

/** Minimum s–t cut by enumerating every node subset (tiny graphs only). */
function bruteMinCut(n: number, arcs: [number, number, number][], s: number, t: number): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    if (!(mask & (1 << s)) || mask & (1 << t)) continue;
    let cut = 0;
    for (const [u, v, c] of arcs) if (mask & (1 << u) && !(mask & (1 << v))) cut += c;
    best = Math.min(best, cut);
  }
  return best;
}

describe('MaxFlow (Dinic)', () => {
  it('solves the CLRS textbook network: max flow 23', () => {
    // Cormen et al., Fig. 26.1: s=0, v1..v4=1..4, t=5.
    const g = new MaxFlow(6);
    for (const [u, v, c] of [
      [0, 1, 16],
      [0, 2, 13],
      [2, 1, 4],
      [1, 3, 12],
      [3, 2, 9],
      [2, 4, 14],
      [4, 3, 7],
      [3, 5, 20],
      [4, 5, 4],
    ])
      g.addEdge(u, v, c);
    expect(g.solve(0, 5)).toBe(23);
    const side = g.sourceSide(0);
    // The min cut {s,v1,v2,v4} | {v3,t}: 12 + 7 + 4 = 23.
    expect(Array.from(side)).toEqual([1, 1, 1, 0, 1, 0]);
  });

  it('equals the brute-force minimum cut on 200 random graphs, and the source side carries exactly that cut', () => {
    const rnd = mulberry32(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(rnd() * 6);
      const arcs: [number, number, number][] = [];
      for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) if (u !== v && rnd() < 0.45) arcs.push([u, v, Math.round(rnd() * 10 * 100) / 100]);
      const g = new MaxFlow(n, 2); // a tiny hint exercises growth
      for (const [u, v, c] of arcs) g.addEdge(u, v, c);
      const f = g.solve(0, n - 1);
      expect(f).toBeCloseTo(bruteMinCut(n, arcs, 0, n - 1), 9);
      const side = g.sourceSide(0);
      expect(side[n - 1]).toBe(0);
      const cut = arcs.reduce((a, [u, v, c]) => a + (side[u] && !side[v] ? c : 0), 0);
      expect(cut).toBeCloseTo(f, 9);
    }
  });

  it('cuts a 200×200 grid of unit n-links between a left and a right seed column: flow = 200', () => {
    const W = 200;
    const g = new MaxFlow(W * W + 2);
    const S = W * W;
    const T = S + 1;
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (x + 1 < W) g.addEdge(p, p + 1, 1, 1);
        if (y + 1 < W) g.addEdge(p, p + W, 1, 1);
      }
      g.addEdge(S, y * W, 1e9);
      g.addEdge(y * W + W - 1, T, 1e9);
    }
    expect(g.solve(S, T)).toBe(W);
  });
});
