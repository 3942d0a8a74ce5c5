/**
 * The backend hooks' decisions (docs/backend.md): which channels go to the backend, what each
 * answer means, and the publish path that stays exactly-once across retries and nodes.
 * Talks to narrow interfaces (a HookClient, the broker's ledger and publish), never to a socket.
 */
import { isValidChannel, type RequestId } from '../../protocol/index.js';
import type { PublishLedger } from '../broker/types.js';
import { BackendRefusedError, BackendUnavailableError } from './errors.js';
import type { HookClient } from './hook-client.js';
import { channelMatcher, type ChannelMatcher } from './glob.js';

/** Who asks: the user and the session (connection) id. */
export interface HookCaller {
  user: string;
  session: string;
}

export interface BackendHooksOptions {
  /** Null without `--proxy-url`: nothing is proxied and rpc is NOT_AVAILABLE. */
  client: Pick<HookClient, 'call'> | null;
  nodeId: string;
  /** `--proxy-publish` globs. */
  publish: readonly string[];
  /** `--proxy-subscribe` globs. */
  subscribe: readonly string[];
  /** `--proxy-connect`. */
  connect: boolean;
  /** `--proxy-timeout`: a claim on a publish id outlives the hook request by a second. */
  timeoutMs: number;
  /** `--history-ttl`: how long a decision on a publish id is remembered (as long as idempotency). */
  historyTtlMs: number;
  ledger: PublishLedger;
}

/** `{}`: publish as sent; `{ data }`: publish this instead; `{ skip: true }`: ack (`skipped`), publish nothing. */
export type PublishDecision = { data?: unknown; skip?: false } | { skip: true };

function refusalOf(answer: Record<string, unknown>): BackendRefusedError | null {
  const e = answer.error;
  if (typeof e !== 'object' || e === null) return null;
  const { code, message } = e as { code?: unknown; message?: unknown };
  return new BackendRefusedError(typeof code === 'string' && code ? code.slice(0, 64) : 'BACKEND_ERROR', typeof message === 'string' ? message.slice(0, 500) : 'refused by the backend', 200);
}

/**
 * @example
 * const hooks = new BackendHooks({ client, nodeId, publish: ['ai:*'], subscribe: [], connect: false, timeoutMs: 5000, historyTtlMs: 300_000, ledger: broker.ledger });
 * if (hooks.proxiesPublish('ai:alice')) decision = await hooks.publish({ user: 'alice', session }, 'ai:alice', 7, 'n:7', { text: 'hi' });
 */
export class BackendHooks {
  private readonly publishes: ChannelMatcher;
  private readonly subscribes: ChannelMatcher;

  constructor(private readonly options: BackendHooksOptions) {
    this.publishes = options.client ? channelMatcher(options.publish) : () => false;
    this.subscribes = options.client ? channelMatcher(options.subscribe) : () => false;
  }

  proxiesPublish(channel: string): boolean {
    return this.publishes(channel);
  }
  proxiesSubscribe(channel: string): boolean {
    return this.subscribes(channel);
  }
  get proxiesConnect(): boolean {
    return this.options.client !== null && this.options.connect;
  }
  get hasBackend(): boolean {
    return this.options.client !== null;
  }

  private async call(event: 'publish' | 'rpc' | 'connect' | 'subscribe', body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const client = this.options.client;
    if (!client) throw new BackendUnavailableError('connection', 'no backend configured (--proxy-url)');
    const answer = await client.call(event, body);
    const refusal = refusalOf(answer);
    if (refusal) throw refusal;
    return answer;
  }

  /**
   * The backend's decision on a client's publish to a proxied channel; `key` is the publish
   * id's idempotency key. The caller publishes with that key (so an id already published comes
   * back `duplicate`). A decision already made for this id is reused: the backend hears each
   * id once, whichever node the retry reaches.
   * @throws BackendRefusedError, BackendUnavailableError, BrokerUnavailableError
   */
  async publish(caller: HookCaller, channel: string, id: RequestId, key: string, data: unknown): Promise<PublishDecision> {
    const { ledger } = this.options;
    const known = await ledger.claim(channel, caller.user, key, this.options.timeoutMs + 1000);
    switch (known.state) {
      case 'published':
        return {}; // the broker's idempotency answers it as a duplicate
      case 'skipped':
        return { skip: true };
      case 'accepted':
        return { data: known.data };
      case 'pending':
        throw new BackendUnavailableError('busy', 'the backend is still deciding on this publish id (sent again meanwhile): retry with the same id');
    }
    let answer: Record<string, unknown>;
    try {
      answer = await this.call('publish', { event: 'publish', user: { id: caller.user }, session: caller.session, node: this.options.nodeId, channel, id, data });
    } catch (err) {
      // Not accepted: a retry with the same id asks the backend again.
      await ledger.release(channel, caller.user, key).catch(() => undefined);
      throw err;
    }
    if (answer.skip === true) {
      await ledger.decide(channel, caller.user, key, { state: 'skipped' }, this.options.historyTtlMs);
      return { skip: true };
    }
    const chosen = 'data' in answer ? answer.data : data;
    await ledger.decide(channel, caller.user, key, { state: 'accepted', data: chosen }, this.options.historyTtlMs);
    return 'data' in answer ? { data: chosen } : {};
  }

  /** Resolves when the backend allows the subscription. @throws BackendRefusedError, BackendUnavailableError */
  async subscribe(caller: HookCaller, channel: string): Promise<void> {
    await this.call('subscribe', { event: 'subscribe', user: { id: caller.user }, session: caller.session, node: this.options.nodeId, channel });
  }

  /**
   * Asks the backend about a new connection; resolves with the channels to subscribe it to
   * (names that are not valid channels are dropped). @throws BackendRefusedError, BackendUnavailableError
   */
  async connect(caller: HookCaller, transport: string): Promise<{ channels: string[] }> {
    const answer = await this.call('connect', { event: 'connect', user: { id: caller.user }, session: caller.session, node: this.options.nodeId, transport });
    const channels = Array.isArray(answer.channels) ? answer.channels.filter((c): c is string => isValidChannel(c)) : [];
    return { channels: [...new Set(channels)] };
  }

  /** The backend's answer to an rpc frame (`data`, null when it has none). */
  async rpc(caller: HookCaller, id: RequestId, method: string, data: unknown): Promise<unknown> {
    const answer = await this.call('rpc', { event: 'rpc', user: { id: caller.user }, session: caller.session, node: this.options.nodeId, id, method, data });
    return answer.data === undefined ? null : answer.data;
  }
}
