/**
 * The node's channel hub: one broker subscription per channel however many local connections
 * listen, and local fan-out to them ("a node subscribes once per channel", broker/types.ts).
 * The subscription is dropped when the last local member leaves.
 */
import type { Broker, BrokerMessage } from '../broker/types.js';

export interface ChannelMember {
  readonly id: string;
  deliver(message: BrokerMessage): void;
}

interface Entry {
  members: Map<string, ChannelMember>;
  ready: Promise<() => Promise<void>>;
}

export class ChannelHub {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly broker: Broker) {}

  /** Number of channels this node listens to. */
  get channelCount(): number {
    return this.entries.size;
  }

  /**
   * Adds a member; resolves once the broker delivers every message published from now on.
   * Rejects (and leaves nothing behind) when the broker cannot subscribe.
   */
  async join(channel: string, member: ChannelMember): Promise<void> {
    let entry = this.entries.get(channel);
    if (!entry) {
      const members = new Map<string, ChannelMember>();
      const ready = this.broker.subscribe(channel, (message) => {
        // No copy of the members: a member added meanwhile is still recovering and drops what
        // its starting position already covers; one removed meanwhile is simply skipped.
        for (const m of members.values()) m.deliver(message);
      });
      entry = { members, ready };
      this.entries.set(channel, entry);
      ready.catch(() => {
        if (this.entries.get(channel) === entry) this.entries.delete(channel);
      });
    }
    entry.members.set(member.id, member);
    try {
      await entry.ready;
    } catch (err) {
      entry.members.delete(member.id);
      throw err;
    }
  }

  /** Removes a member; drops the broker subscription with the last one. */
  async leave(channel: string, memberId: string): Promise<void> {
    const entry = this.entries.get(channel);
    if (!entry || !entry.members.delete(memberId)) return;
    if (entry.members.size > 0) return;
    this.entries.delete(channel);
    try {
      const unsubscribe = await entry.ready;
      await unsubscribe();
    } catch {
      // Never subscribed, or the broker is gone: nothing to release.
    }
  }

  /** Drops every broker subscription (server close). */
  async closeAll(): Promise<void> {
    const all = [...this.entries.entries()];
    this.entries.clear();
    await Promise.allSettled(all.map(async ([, e]) => (await e.ready)()));
  }
}
