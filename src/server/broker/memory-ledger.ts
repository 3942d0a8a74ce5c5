/**
 * The memory broker's publish ledger (types.ts `PublishLedger`): one process, a Map with
 * expiry. "Published" is asked of the broker's own idempotency record, so the two never disagree.
 */
import type { LedgerEntry, PublishLedger, PublishResult } from './types.js';

type Stored = { state: 'pending' | 'skipped' } | { state: 'accepted'; data: unknown };

export class MemoryLedger implements PublishLedger {
  private readonly entries = new Map<string, { entry: Stored; expires: number }>();

  constructor(
    /** The broker's idempotency record for (channel, from, key), if any. */
    private readonly published: (channel: string, from: string, key: string) => PublishResult | undefined,
    private readonly now: () => number,
  ) {}

  private id(channel: string, from: string, key: string): string {
    return `${from}\u0000${channel}\u0000${key}`;
  }

  async claim(channel: string, from: string, key: string, pendingMs: number): Promise<LedgerEntry> {
    const done = this.published(channel, from, key);
    if (done) return { state: 'published', epoch: done.epoch, offset: done.offset };
    const id = this.id(channel, from, key);
    const now = this.now();
    const held = this.entries.get(id);
    if (held && held.expires > now) return held.entry;
    this.entries.set(id, { entry: { state: 'pending' }, expires: now + pendingMs });
    return { state: 'new' };
  }

  async decide(channel: string, from: string, key: string, decision: { state: 'accepted'; data: unknown } | { state: 'skipped' }, ttlMs: number): Promise<void> {
    this.entries.set(this.id(channel, from, key), { entry: decision, expires: this.now() + ttlMs });
  }

  async release(channel: string, from: string, key: string): Promise<void> {
    this.entries.delete(this.id(channel, from, key));
  }

  /** Drops expired entries (the broker's sweep calls it). */
  sweep(): void {
    const now = this.now();
    for (const [id, held] of this.entries) if (held.expires <= now) this.entries.delete(id);
  }
}
