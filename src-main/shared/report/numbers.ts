// Numbers in written outputs. CSV cells keep 7 significant digits rather than a
// fixed number of decimals: a metric like infidelity on a confident model is
// ~1e-8, which six decimals would write as 0 for every method.
export const csvNumber = (v: number | null | undefined): string => (v == null || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(7))));

/** Fixed decimals, or 3 significant digits where those decimals would show a nonzero value as 0. */
export function shortNumber(v: number, digits = 3): string {
  return v !== 0 && Math.abs(v) < 0.5 * 10 ** -digits ? v.toPrecision(3) : v.toFixed(digits);
}
