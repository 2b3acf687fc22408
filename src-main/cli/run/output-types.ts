// What a per-sample command's output writer is (outputs.ts lists them; each
// command's writer imports only this leaf).
export interface OutputOptions {
  /** --report: the HTML report's path, where the command writes one. */
  report?: string;
  /** merge: the shard folder each sample's row came from; its per-sample files are copied from there. */
  from?: Map<string, string>;
}

export interface CommandOutputs<T extends { id: string }, M> {
  /** Whether `write` takes opts.report (an HTML report of the rows); merge refuses --report otherwise. */
  report?: boolean;
  /** Writes the outputs into outDir; returns what --json prints and the lines of the table printed otherwise. */
  write(entries: T[], meta: M, outDir: string, opts: OutputOptions): Promise<{ json: unknown; lines: string[] }>;
}
