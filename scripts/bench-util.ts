// Timing shared by the benches: median of several runs after warm-up runs.
export async function median(runs: number, fn: () => Promise<void>, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn(); // kernel setup, weight upload, allocator growth
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}
