/**
 * Publishes to Redis in batches: every publish of one event-loop turn goes to Redis in one
 * script call (redis-scripts.ts PUBLISH_LUA), so many publishes cost one round trip and one
 * script run instead of one each (docs/server.md, performance notes). Each publish still gets
 * its own result, in order, and fails on its own terms: a failed call rejects every publish in
 * it with the same error (none of them was acked, so a client's retry with the same id stays
 * exactly-once).
 *
 * On Redis Cluster the keys of one script call must share a slot, so a batch there holds one
 * channel's publishes only.
 */
import type { ChannelKeys } from './redis-scripts.js';
import type { PublishResult } from './types.js';

/** Most publishes in one script call (bounds the script's run time and its argument count). */
export const MAX_BATCH = 128;

export interface PendingPublish {
  keys: ChannelKeys;
  /** The idempotency key's Redis key, or undefined. */
  idem: string | undefined;
  body: string;
  resolve(result: PublishResult): void;
  reject(err: unknown): void;
}

/** Runs the publish script with the given keys and arguments. */
export type PublishScript = (keys: string[], args: Array<string | number>) => Promise<unknown>;

export interface PublishBatchSettings {
  /** Arguments every message of a batch shares: epoch suffix, max length, ttl, position ttl, publish command. */
  shared(): Array<string | number>;
  /** One batch per channel (Redis Cluster: one slot per script call). */
  perChannel: boolean;
  run: PublishScript;
}

function flushTurn(batcher: PublishBatcher): void {
  batcher.flush();
}

export class PublishBatcher {
  private pending = new Map<string, PendingPublish[]>();
  private scheduled = false;

  constructor(private readonly settings: PublishBatchSettings) {}

  /** Queues a publish for the end of this event-loop turn. */
  add(p: PendingPublish): void {
    const group = this.settings.perChannel ? p.keys.channel : '';
    let list = this.pending.get(group);
    if (!list) this.pending.set(group, (list = []));
    list.push(p);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(flushTurn, this);
    }
  }

  /** @internal The end of the turn: one script call per group, MAX_BATCH messages at most. */
  flush(): void {
    this.scheduled = false;
    const groups = this.pending;
    this.pending = new Map();
    for (const list of groups.values()) {
      for (let i = 0; i < list.length; i += MAX_BATCH) void this.send(list.slice(i, i + MAX_BATCH));
    }
  }

  private async send(batch: PendingPublish[]): Promise<void> {
    const keys: string[] = [];
    const args: Array<string | number> = this.settings.shared();
    for (const p of batch) {
      keys.push(p.keys.meta, p.keys.stream, p.idem ?? p.keys.meta);
      args.push(p.keys.pubsub, p.body, p.idem !== undefined ? '1' : '0');
    }
    let reply: Array<string | number>;
    try {
      reply = (await this.settings.run(keys, args)) as Array<string | number>;
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const at = 1 + i * 3;
      batch[i]!.resolve({ duplicate: Number(reply[at]) === 1, epoch: String(reply[at + 1]), offset: Number(reply[at + 2]) });
    }
  }
}
