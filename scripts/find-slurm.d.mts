// Types for find-slurm.mjs (plain ESM so scripts/test.mjs runs it with node alone).
import type { ToolSys } from './find-dciodvfy.mjs';
export const SLURM_BINARIES: string[];
export const SLURM_MISSING: string;
export function ensureSlurm(sys: ToolSys): { installed: boolean } | { missing: string };
