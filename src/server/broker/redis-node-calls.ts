/**
 * Node-to-node calls over Redis pub/sub (docs/scaling.md "Sessions across nodes"): a node asks
 * another, by node id, and gets one answer back. Used to hand an SSE session's send to the node
 * that holds its stream, so sends may reach any node (no sticky sessions).
 *
 * Each node SUBSCRIBEs to `<prefix>node:<nodeId>`; a call PUBLISHes `{k:'q', id, from, body}`
 * there, the answer comes back as `{k:'r', id, body}` on the caller's channel. PUBLISH answers
 * how many subscribers got it: 0 means no such node is alive, known at once, without waiting
 * for a timeout. Pub/sub may drop a message (a reconnect): the call then times out, and the
 * caller's retry is made harmless by the send's sequence number (send-sequencer.ts).
 */
import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';

export interface NodeCallDeps {
  cmd: RedisClient;
  sub: RedisClient;
  sharded: boolean;
  prefix: string;
  nodeId: string;
  logger?: { warn(obj: object, msg?: string): void };
}

/** The answering node did not answer in time. */
export class NodeCallTimeoutError extends Error {
  override readonly name = 'NodeCallTimeoutError';
  readonly code = 'NODE_CALL_TIMEOUT';
}

type Pending = { resolve: (body: string) => void; timer: NodeJS.Timeout };

export class NodeCalls {
  readonly channel: string;
  readonly #pending = new Map<string, Pending>();
  #handler: ((body: string) => Promise<string>) | undefined;

  constructor(private readonly deps: NodeCallDeps) {
    this.channel = NodeCalls.channelOf(deps.prefix, deps.nodeId);
  }

  static channelOf(prefix: string, nodeId: string): string {
    return `${prefix}node:${nodeId}`;
  }

  /** (Re)subscribes this node's channel: at start and after every subscriber reconnect. */
  async listen(): Promise<void> {
    if (this.deps.sharded) await this.deps.sub.ssubscribe(this.channel);
    else await this.deps.sub.subscribe(this.channel);
  }

  answer(handler: (body: string) => Promise<string>): void {
    this.#handler = handler;
  }

  /** Resolves with the node's answer, or undefined when no node `nodeId` is listening. */
  async call(nodeId: string, body: string, timeoutMs: number): Promise<string | undefined> {
    const id = randomBytes(9).toString('base64url');
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new NodeCallTimeoutError(`node ${nodeId} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, timer });
    });
    answer.catch(() => {}); // awaited below; not an unhandled rejection when publish throws first
    let receivers: number;
    try {
      receivers = await this.#publish(NodeCalls.channelOf(this.deps.prefix, nodeId), JSON.stringify({ k: 'q', id, from: this.deps.nodeId, body }));
    } catch (err) {
      this.#settle(id);
      throw err;
    }
    if (receivers === 0) {
      this.#settle(id);
      return undefined;
    }
    return answer;
  }

  /** A message on this node's channel (the subscriber routes it here). */
  onMessage(text: string): void {
    let msg: { k?: string; id?: string; from?: string; body?: string };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.id !== 'string' || typeof msg.body !== 'string') return;
    if (msg.k === 'r') {
      const p = this.#settle(msg.id);
      p?.resolve(msg.body);
    } else if (msg.k === 'q' && typeof msg.from === 'string' && this.#handler) {
      const { id, from } = msg;
      this.#handler(msg.body)
        .then((body) => this.#publish(NodeCalls.channelOf(this.deps.prefix, from), JSON.stringify({ k: 'r', id, body })))
        .catch((err: unknown) => this.deps.logger?.warn({ err: err instanceof Error ? err.message : String(err), from }, 'node call: could not answer'));
    }
  }

  /** Fails every call still waiting (the broker is closing). */
  clear(): void {
    for (const [id] of this.#pending) this.#settle(id);
  }

  #settle(id: string): Pending | undefined {
    const p = this.#pending.get(id);
    if (!p) return undefined;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  async #publish(channel: string, text: string): Promise<number> {
    const n = this.deps.sharded ? await this.deps.cmd.spublish(channel, text) : await this.deps.cmd.publish(channel, text);
    return Number(n);
  }
}
