/**
 * Presence across nodes on Redis (docs/scaling.md): one hash per channel whose entries are tagged with
 * the node, and a sorted set of node heartbeats. A node that stops heartbeating (killed) is
 * dead after the presence TTL and readers remove its entries; a node that closes removes its
 * own at once. This node keeps its own entries locally so heartbeats can put them back when
 * Redis lost them (flush, restart) or took the node for dead after a long pause.
 */
import type { PresenceUser } from '../../protocol/index.js';
import { channelKeys, type ScriptRunner } from './redis-scripts.js';

export class RedisPresence {
  /** channel → connection id → user id, for this node. */
  private readonly local = new Map<string, Map<string, string>>();

  constructor(
    private readonly run: ScriptRunner,
    private readonly prefix: string,
    private readonly nodeId: string,
    private readonly ttlMs: number,
  ) {}

  private field(connectionId: string): string {
    return `${this.nodeId}\n${connectionId}`;
  }

  private write(channel: string, op: 'set' | 'del' | 'clear' | 'beat', ...args: string[]): Promise<unknown> {
    const keys = channelKeys(this.prefix, channel);
    return this.run('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.ttlMs, op, ...args);
  }

  async add(channel: string, userId: string, connectionId: string): Promise<void> {
    let conns = this.local.get(channel);
    if (!conns) this.local.set(channel, (conns = new Map()));
    conns.set(connectionId, userId);
    await this.write(channel, 'set', this.field(connectionId), userId);
  }

  async remove(channel: string, connectionId: string): Promise<void> {
    const conns = this.local.get(channel);
    conns?.delete(connectionId);
    if (conns && conns.size === 0) this.local.delete(channel);
    await this.write(channel, 'del', this.field(connectionId));
  }

  /** Every live connection on the channel, across nodes, grouped by user. */
  async list(channel: string): Promise<PresenceUser[]> {
    const keys = channelKeys(this.prefix, channel);
    const users = (await this.run('wsgatePresenceRead', keys.presence, keys.presenceNodes, this.ttlMs)) as string[];
    const counts = new Map<string, number>();
    for (const u of users) counts.set(u, (counts.get(u) ?? 0) + 1);
    return [...counts].map(([id, connections]) => ({ id, connections })).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Heartbeat: refreshes this node's timestamp on every channel it has presence in; where its
   * entries are gone, re-asserts them all. Resolves false when some write failed.
   */
  async beat(): Promise<boolean> {
    const results = await Promise.allSettled(
      [...this.local].map(async ([channel, conns]) => {
        const first = conns.keys().next();
        if (first.done) return;
        if (Number(await this.write(channel, 'beat', this.field(first.value))) === 1) return;
        const pairs = [...conns].flatMap(([conn, user]) => [this.field(conn), user]);
        // Chunks keep each script call's argument list small.
        for (let i = 0; i < pairs.length; i += 512) await this.write(channel, 'set', ...pairs.slice(i, i + 512));
      }),
    );
    return results.every((r) => r.status === 'fulfilled');
  }

  /** Removes this node's entries everywhere (closing). */
  async clear(): Promise<void> {
    await Promise.allSettled([...this.local.keys()].map((channel) => this.write(channel, 'clear')));
    this.local.clear();
  }
}
