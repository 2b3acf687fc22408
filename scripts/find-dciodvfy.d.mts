// Types for find-dciodvfy.mjs (plain ESM so scripts/test.mjs runs it with node alone).
export interface ToolSys {
  env: Record<string, string | undefined>;
  isRoot: boolean;
  exists(path: string): boolean;
  /** Runs a command; returns its exit status. */
  run(cmd: string, args: string[]): number;
}
export const DCIODVFY: string;
export const DCIODVFY_MISSING: string;
export function aptInstall(pkg: string, sys: Pick<ToolSys, 'isRoot' | 'exists'>): { cmd: string; args: string[] }[] | null;
export function ensureDciodvfy(sys: ToolSys): { path: string; installed: boolean } | { path: null; message: string };
