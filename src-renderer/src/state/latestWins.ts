// Live re-scoring without a queue of stale work: at most one request in
// flight; while it runs, only the newest submission waits (each new one
// replaces the last); a reply is delivered only if its request is still the
// newest, so a slow answer for an old mask never overwrites a newer one.

export class LatestWins<Q, R> {
  private inFlight = false;
  private pending: Q | null = null;
  private latest: Q | null = null;

  constructor(
    private readonly send: (q: Q) => Promise<R>,
    private readonly deliver: (q: Q, r: R) => void,
    private readonly failed: (q: Q, err: unknown) => void = () => undefined,
  ) {}

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.inFlight || this.pending !== null;
  }

  submit(q: Q): void {
    this.latest = q;
    if (this.inFlight) this.pending = q;
    else this.start(q);
  }

  /** Forgets everything outstanding: the running request's reply is dropped, the waiting one never sent. */
  drop(): void {
    this.latest = null;
    this.pending = null;
  }

  private start(q: Q): void {
    this.inFlight = true;
    this.send(q).then(
      (r) => this.finish(q, () => this.deliver(q, r)),
      (e: unknown) => this.finish(q, () => this.failed(q, e)),
    );
  }

  private finish(q: Q, report: () => void): void {
    this.inFlight = false;
    const next = this.pending;
    this.pending = null;
    if (q === this.latest) report();
    if (next !== null) this.start(next);
  }
}
