/**
 * The Redis broker's publish ledger (types.ts `PublishLedger`), shared by every node. Its key
 * sits beside the channel's idempotency key (same hash tag, same Cluster slot):
 *
 *   <prefix>{<channel>}:idem:<user>:<key>:hook   "p" pending | "s" skipped | "a<json>" accepted
 *
 * `claim` is one script: the idempotency key says "published"; otherwise SET NX makes this
 * node the one that asks the backend, and a held key says what another node already knows.
 */
import type { RedisClient } from './redis-connection.js';
import { channelKeys } from './redis-scripts.js';
import type { LedgerEntry, PublishLedger } from './types.js';

/** KEYS: idem, hook. ARGV: pending ms. Returns {kind, value}: published "<epoch> <offset>", new, or hook "<p|s|a…>". */
const CLAIM_LUA = `
local pub = redis.call('GET', KEYS[1])
if pub then return {'published', pub} end
if redis.call('SET', KEYS[2], 'p', 'NX', 'PX', ARGV[1]) then return {'new', ''} end
return {'hook', redis.call('GET', KEYS[2]) or 'p'}
`;

type LedgerClient = RedisClient & { wsgateLedgerClaim(idem: string, hook: string, pendingMs: number): Promise<[string, string]> };

export class RedisLedger implements PublishLedger {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    /** Wraps Redis failures as the broker does (BrokerUnavailableError). */
    private readonly unavailable: (op: string, err: unknown) => Error,
  ) {
    client.defineCommand('wsgateLedgerClaim', { numberOfKeys: 2, lua: CLAIM_LUA });
  }

  private keys(channel: string, from: string, key: string): { idem: string; hook: string } {
    const idem = channelKeys(this.prefix, channel).idem(from, key);
    return { idem, hook: `${idem}:hook` };
  }

  async claim(channel: string, from: string, key: string, pendingMs: number): Promise<LedgerEntry> {
    const k = this.keys(channel, from, key);
    let reply: [string, string];
    try {
      reply = await (this.client as LedgerClient).wsgateLedgerClaim(k.idem, k.hook, Math.max(1, Math.round(pendingMs)));
    } catch (err) {
      throw this.unavailable('ledger', err);
    }
    const [kind, value] = reply;
    if (kind === 'new') return { state: 'new' };
    if (kind === 'published') {
      const sep = value.indexOf(' ');
      return { state: 'published', epoch: value.slice(0, sep), offset: Number(value.slice(sep + 1)) };
    }
    if (value === 's') return { state: 'skipped' };
    if (value.startsWith('a')) return { state: 'accepted', data: JSON.parse(value.slice(1)) as unknown };
    return { state: 'pending' };
  }

  async decide(channel: string, from: string, key: string, decision: { state: 'accepted'; data: unknown } | { state: 'skipped' }, ttlMs: number): Promise<void> {
    const value = decision.state === 'skipped' ? 's' : `a${JSON.stringify(decision.data ?? null)}`;
    try {
      await this.client.set(this.keys(channel, from, key).hook, value, 'PX', Math.max(1, Math.round(ttlMs)));
    } catch (err) {
      throw this.unavailable('ledger', err);
    }
  }

  async release(channel: string, from: string, key: string): Promise<void> {
    try {
      await this.client.del(this.keys(channel, from, key).hook);
    } catch (err) {
      throw this.unavailable('ledger', err);
    }
  }
}
