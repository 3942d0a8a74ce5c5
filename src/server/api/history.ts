/**
 * `GET /api/history` over the broker's recovery read (docs/backend.md). With a position
 * (`since` + `epoch`): what came after it, the first `limit` of it, `recovered` as a client's
 * resubscribe would get it. Without one: the latest `limit` messages history still holds.
 */
import type { StreamPosition } from '../../protocol/index.js';
import type { BrokerMessage, RecoveryResult } from '../broker/types.js';

export interface HistoryRead {
  epoch: string;
  offset: number;
  recovered: boolean;
  messages: BrokerMessage[];
}

/** The two reads history needs (ChannelService and Broker both have them). */
export interface HistorySource {
  position(channel: string): Promise<StreamPosition>;
  recover(channel: string, since: StreamPosition): Promise<RecoveryResult>;
}

export async function readHistory(broker: HistorySource, channel: string, since: StreamPosition | undefined, limit: number, historySize: number): Promise<HistoryRead> {
  if (since) {
    const r = await broker.recover(channel, since);
    return { ...r.position, recovered: r.recovered, messages: r.messages.slice(0, limit) };
  }
  const pos = await broker.position(channel);
  // History may hold fewer than `limit` (size bound, TTL): ask for less until it holds all of it
  // (at most log2(historySize) reads).
  for (let want = Math.min(limit, historySize, pos.offset); want > 0; want = Math.floor(want / 2)) {
    const r = await broker.recover(channel, { epoch: pos.epoch, offset: pos.offset - want });
    if (r.recovered) return { ...r.position, recovered: true, messages: r.messages.slice(-limit) };
  }
  return { ...pos, recovered: pos.offset === 0, messages: [] };
}
