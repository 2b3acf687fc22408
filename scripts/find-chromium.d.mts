// Types for find-chromium.mjs (plain ESM so scripts/test.mjs runs it with node alone).
export interface ChromiumSys {
  env: Record<string, string | undefined>;
  home: string;
  isRoot: boolean;
  exists(path: string): boolean;
  /** Directory entries, or null where the directory is missing. */
  listDir(path: string): string[] | null;
  /** Runs a command; returns its exit status. */
  run(cmd: string, args: string[]): number;
}
export interface Candidate {
  path: string;
  from: string;
}
export interface InstallPlan {
  label: string;
  steps: { cmd: string; args: string[] }[];
}
export function candidates(sys: Pick<ChromiumSys, 'env' | 'home' | 'listDir'>): Candidate[];
export function findChromium(sys: Pick<ChromiumSys, 'env' | 'home' | 'listDir' | 'exists'>): Candidate | null;
export function installPlan(sys: Pick<ChromiumSys, 'isRoot' | 'exists'>): InstallPlan[];
export const MISSING: string;
export function ensureChromium(sys: ChromiumSys): (Candidate & { installed: boolean }) | { path: null; message: string };
