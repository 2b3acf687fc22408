// The messages between the host and a worker that is one replica of a shared
// job (core/share.ts): a call carries the replica's place in its group; the
// replica posts its items of each stage and the host answers with the others'.
import { StudioError } from '../api/errors';
import type { ShareLink } from '../core/share';
import type { WireCall, WireReply } from '../api/wire';

export interface ShareTag {
  /** The job id of the group's first replica; unique while the job runs. */
  group: string;
  index: number;
  size: number;
}

export type Items = [number, unknown][];

export type ToWorker = (WireCall & { share?: ShareTag }) | { type: 'exchanged'; group: string; stage: number; items: Items; ended?: boolean };

export type FromWorker = WireReply | { type: 'exchange'; group: string; stage: number; index: number; items: Items };

/** The worker's end: one link per shared call, answered by `exchanged` messages. */
export class ShareEndpoint {
  private waiting = new Map<string, { resolve(items: Items): void; reject(e: unknown): void }>();

  constructor(private readonly post: (m: FromWorker) => void) {}

  link(tag: ShareTag): ShareLink {
    return {
      index: tag.index,
      size: tag.size,
      exchange: (stage, items) =>
        new Promise<Items>((resolve, reject) => {
          this.waiting.set(`${tag.group}/${stage}`, { resolve, reject });
          this.post({ type: 'exchange', group: tag.group, stage, index: tag.index, items });
        }),
    };
  }

  /**
   * The host's answer for one stage; an answer nobody waits for (a cancelled
   * replica) is dropped. `ended`: the group's job is over (done, failed or
   * cancelled), so this replica stops.
   */
  answer(m: { group: string; stage: number; items: Items; ended?: boolean }): void {
    const key = `${m.group}/${m.stage}`;
    const w = this.waiting.get(key);
    this.waiting.delete(key);
    if (m.ended) w?.reject(new StudioError('cancelled', 'the shared job ended'));
    else w?.resolve(Array.isArray(m.items) ? m.items : []);
  }
}
