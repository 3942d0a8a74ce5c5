/**
 * The recovery judgement, one rule for every engine: a client that last saw `since` gets the
 * messages after it only when all of them are still there (same epoch, no gap, none past the
 * history size or TTL); otherwise `recovered: false` and it starts from the current position
 * (docs/server.md, recovery).
 */
import type { StreamPosition } from '../../protocol/index.js';
import type { BrokerMessage, RecoveryResult } from './types.js';

export interface RecoveryBounds {
  historySize: number;
  historyTtlMs: number;
  /** The engine's clock (Unix ms), for the TTL. */
  now: number;
}

/**
 * @param position the channel's current position
 * @param after the kept messages with offsets above `since.offset`, oldest first, as the engine read them
 */
export function judgeRecovery(since: StreamPosition, position: StreamPosition, after: readonly BrokerMessage[], bounds: RecoveryBounds): RecoveryResult {
  const fail: RecoveryResult = { position, recovered: false, messages: [] };
  if (since.epoch !== position.epoch || !Number.isInteger(since.offset) || since.offset < 0 || since.offset > position.offset) return fail;
  const missed = position.offset - since.offset;
  if (missed === 0) return { position, recovered: true, messages: [] };
  if (missed > bounds.historySize || after.length !== missed) return fail;
  const cutoff = bounds.now - bounds.historyTtlMs;
  for (let i = 0; i < after.length; i++) {
    const m = after[i]!;
    if (m.offset !== since.offset + 1 + i || m.time < cutoff) return fail;
  }
  return { position, recovered: true, messages: after as BrokerMessage[] };
}
