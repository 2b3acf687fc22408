// The host's side of shared jobs (core/share.ts): for each group, which worker
// runs which replica, which replicas are alive, and the items each posted per
// stage. A stage is answered when every live replica has posted: each gets the
// others' items (a dead replica's items count if it posted them before dying).
// When the job ends, replicas still waiting, or posting later, are told so.
import type { Items } from './share-wire';

/** Answers worker k (pool.ts: its current workers). */
export interface ExchangeTarget {
  answerExchange(k: number, group: string, stage: number, items: Items, ended?: boolean): void;
}

interface Group {
  /** Replica index → worker index. */
  members: number[];
  alive: Set<number>;
  /** Stage → replica index → its items. */
  stages: Map<number, Map<number, Items>>;
}

export class ShareGroups {
  private groups = new Map<string, Group>();

  constructor(private readonly to: ExchangeTarget) {}

  open(id: string, members: number[]): void {
    this.groups.set(id, { members, alive: new Set(members.map((_, i) => i)), stages: new Map() });
  }

  /** Replica `index` of `group`, running in worker k, posted its items of `stage`. */
  posted(k: number, m: { group: string; stage: number; index: number; items: Items }): void {
    const g = this.groups.get(m.group);
    // A group that ended (or never was): the replica stops.
    if (!g) return this.to.answerExchange(k, m.group, m.stage, [], true);
    if (g.members[m.index] !== k) return;
    let parts = g.stages.get(m.stage);
    if (!parts) g.stages.set(m.stage, (parts = new Map()));
    parts.set(m.index, Array.isArray(m.items) ? m.items : []);
    this.settle(m.group, g, m.stage);
  }

  /** Replica `index` failed or its worker died: the stages stop waiting for it. */
  lost(id: string, index: number): void {
    const g = this.groups.get(id);
    if (!g || !g.alive.delete(index)) return;
    for (const stage of [...g.stages.keys()]) this.settle(id, g, stage);
  }

  /** The job is over: replicas waiting on a stage stop; later posts are answered the same way. */
  end(id: string): void {
    const g = this.groups.get(id);
    if (!g) return;
    this.groups.delete(id);
    for (const [stage, parts] of g.stages)
      for (const index of parts.keys()) if (g.alive.has(index)) this.to.answerExchange(g.members[index], id, stage, [], true);
  }

  private settle(id: string, g: Group, stage: number): void {
    const parts = g.stages.get(stage)!;
    for (const index of g.alive) if (!parts.has(index)) return;
    g.stages.delete(stage);
    for (const index of g.alive) {
      const others: Items = [];
      for (const [j, items] of parts) if (j !== index) others.push(...items);
      this.to.answerExchange(g.members[index], id, stage, others);
    }
  }
}
