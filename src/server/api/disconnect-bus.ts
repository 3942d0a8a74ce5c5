/**
 * `POST /api/disconnect` on every node (docs/backend.md): the node that gets the call publishes
 * a command on a reserved channel every node listens to; each node closes that user's local
 * connections and answers with how many. The caller sums the answers of the nodes alive
 * (nodes announce themselves in the presence of another reserved channel, which the broker
 * expires when a node dies), waiting at most `waitMs`. Reserved names start with `$`, which no
 * client or API channel may (protocol CHANNEL_PATTERN), so nobody else can publish there.
 */
import { randomBytes } from 'node:crypto';
import type { Broker, BrokerMessage } from '../broker/types.js';

const COMMANDS = '$wsgate:disconnect';
const REPLIES = '$wsgate:disconnected';
const NODES = '$wsgate:nodes';

export interface DisconnectBusDeps {
  broker: Pick<Broker, 'publish' | 'subscribe' | 'presenceAdd' | 'presenceRemove' | 'presence'>;
  nodeId: string;
  /** Closes `user`'s connections on this node; returns how many. */
  closeLocal(user: string, code: number, reason: string): number;
  /** How long to wait for the other nodes' answers (default 2000 ms). */
  waitMs?: number;
  onError?(err: unknown): void;
}

interface Waiter {
  expected: Set<string>;
  closed: number;
  done(): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class DisconnectBus {
  private readonly waiters = new Map<string, Waiter>();
  private unsubscribe: Array<() => Promise<void>> = [];

  constructor(private readonly deps: DisconnectBusDeps) {}

  async start(): Promise<void> {
    const { broker, nodeId } = this.deps;
    this.unsubscribe = await Promise.all([broker.subscribe(COMMANDS, (m) => this.onCommand(m)), broker.subscribe(REPLIES, (m) => this.onReply(m))]);
    await broker.presenceAdd(NODES, nodeId, nodeId);
  }

  async stop(): Promise<void> {
    const subs = this.unsubscribe;
    this.unsubscribe = [];
    await Promise.allSettled([...subs.map((u) => u()), this.deps.broker.presenceRemove(NODES, this.deps.nodeId, this.deps.nodeId)]);
    for (const w of this.waiters.values()) w.done();
  }

  /** Closes `user` everywhere; resolves with the connections closed on the nodes that answered in time. */
  async disconnect(user: string, code: number, reason: string): Promise<number> {
    const { broker, nodeId } = this.deps;
    const nodes = await broker.presence(NODES);
    const request = randomBytes(8).toString('hex');
    const expected = new Set(nodes.map((n) => n.id));
    expected.add(nodeId);
    const result = new Promise<number>((resolve) => {
      const timer = setTimeout(() => waiter.done(), this.deps.waitMs ?? 2000);
      const waiter: Waiter = {
        expected,
        closed: 0,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(request);
          resolve(waiter.closed);
        },
      };
      this.waiters.set(request, waiter);
    });
    try {
      await broker.publish(COMMANDS, { request, user, code, reason }, { from: nodeId });
    } catch (err) {
      this.waiters.get(request)?.done();
      throw err;
    }
    return result;
  }

  private onCommand(m: BrokerMessage): void {
    const c = m.data;
    if (!isRecord(c) || typeof c.request !== 'string' || typeof c.user !== 'string' || typeof c.code !== 'number' || typeof c.reason !== 'string') return;
    const closed = this.deps.closeLocal(c.user, c.code, c.reason);
    this.deps.broker.publish(REPLIES, { request: c.request, node: this.deps.nodeId, closed }, { from: this.deps.nodeId }).catch((err: unknown) => this.deps.onError?.(err));
  }

  private onReply(m: BrokerMessage): void {
    const r = m.data;
    if (!isRecord(r) || typeof r.request !== 'string' || typeof r.node !== 'string' || typeof r.closed !== 'number') return;
    const waiter = this.waiters.get(r.request);
    if (!waiter || !waiter.expected.delete(r.node)) return;
    waiter.closed += r.closed;
    if (waiter.expected.size === 0) waiter.done();
  }
}
