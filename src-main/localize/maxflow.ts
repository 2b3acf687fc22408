// Max-flow / min-cut by Dinic's algorithm (BFS level graph + blocking flow),
// written here because the npm registry has no maintained max-flow package.
// Grid graphs of vision (≤ 224² pixels, 4-neighbour) solve in milliseconds to
// a second; Boykov–Kolmogorov would be faster on such graphs, Dinic is simpler
// to get right and its result (the minimum cut) is the same.

export class MaxFlow {
  private head: Int32Array;
  private next: Int32Array;
  private to: Int32Array;
  private cap: Float64Array;
  private edges = 0;

  constructor(
    readonly nodes: number,
    edgeHint = 8 * nodes,
  ) {
    this.head = new Int32Array(nodes).fill(-1);
    this.next = new Int32Array(edgeHint);
    this.to = new Int32Array(edgeHint);
    this.cap = new Float64Array(edgeHint);
  }

  private grow(): void {
    const n = this.next.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(n);
      b.set(a);
      return b;
    };
    this.next = g(this.next, Int32Array);
    this.to = g(this.to, Int32Array);
    this.cap = g(this.cap, Float64Array);
  }

  private half(u: number, v: number, c: number): void {
    if (this.edges === this.next.length) this.grow();
    const e = this.edges++;
    this.to[e] = v;
    this.cap[e] = c;
    this.next[e] = this.head[u];
    this.head[u] = e;
  }

  /** An arc u→v of capacity `cap` and v→u of `back` (0 for a one-way arc). Edge e's reverse is e^1. */
  addEdge(u: number, v: number, cap: number, back = 0): void {
    this.half(u, v, cap);
    this.half(v, u, back);
  }

  /** Pushes the maximum flow from s to t and returns its value. */
  solve(s: number, t: number): number {
    const n = this.nodes;
    const level = new Int32Array(n);
    const iter = new Int32Array(n);
    const queue = new Int32Array(n);
    const stackNode = new Int32Array(n);
    const stackEdge = new Int32Array(n);
    let flow = 0;
    const EPS = 1e-12;
    for (;;) {
      level.fill(-1);
      level[s] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const u = queue[qh++];
        for (let e = this.head[u]; e !== -1; e = this.next[e]) {
          const v = this.to[e];
          if (this.cap[e] > EPS && level[v] < 0) {
            level[v] = level[u] + 1;
            queue[qt++] = v;
          }
        }
      }
      if (level[t] < 0) return flow;
      iter.set(this.head);
      // Iterative DFS for augmenting paths in the level graph (recursion would overflow on big grids).
      for (;;) {
        let depth = 0;
        stackNode[0] = s;
        let found = false;
        while (depth >= 0) {
          const u = stackNode[depth];
          if (u === t) {
            found = true;
            break;
          }
          let advanced = false;
          for (; iter[u] !== -1; iter[u] = this.next[iter[u]]) {
            const e = iter[u];
            const v = this.to[e];
            if (this.cap[e] > EPS && level[v] === level[u] + 1) {
              stackEdge[depth] = e;
              stackNode[++depth] = v;
              advanced = true;
              break;
            }
          }
          if (!advanced) {
            level[u] = -1; // dead end: never visit again in this phase
            depth--;
            if (depth >= 0) iter[stackNode[depth]] = this.next[iter[stackNode[depth]]];
          }
        }
        if (!found) break;
        let push = Infinity;
        for (let i = 0; i < depth; i++) push = Math.min(push, this.cap[stackEdge[i]]);
        for (let i = 0; i < depth; i++) {
          this.cap[stackEdge[i]] -= push;
          this.cap[stackEdge[i] ^ 1] += push;
        }
        flow += push;
      }
    }
  }

  /** After `solve`: 1 for nodes still reachable from s in the residual graph (the source side of the min cut). */
  sourceSide(s: number): Uint8Array {
    const seen = new Uint8Array(this.nodes);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const u = stack.pop()!;
      for (let e = this.head[u]; e !== -1; e = this.next[e]) {
        const v = this.to[e];
        if (!seen[v] && this.cap[e] > 1e-12) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return seen;
  }
}
