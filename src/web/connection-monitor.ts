/**
 * What the live connection panel shows. Two feeds: the client's `state` events say when the
 * connection opened (hello) and why it dropped (code, reason, backoff delay); the frames that
 * pass through its socket (`instrumented-socket.ts`) give the text ping/pong heartbeat (its
 * round-trip time), the server's hello, and the subscribe/subscribed exchange after a
 * reconnect (did the server recover every missed message?). Pure and clock-free (every event
 * carries its time), so it is unit-tested with plain calls.
 */
import { PING_TEXT, PONG_TEXT, describeCloseCode, parseCloseReason } from '../protocol/index.js';
import type { HelloFrame } from '../protocol/index.js';
import { RttSeries } from './rtt-series.js';
import { EN } from './words/en.js';
import type { ConsoleWords } from './words/types.js';

export interface ChannelRecovery {
  channel: string;
  /** The server's answer; null while the subscribe is in flight. */
  recovered: boolean | null;
  /** Messages published while away and replayed (null when unknown, e.g. history lost). */
  missed: number | null;
}

export type RecoveryStatus = 'waiting' | 'complete' | 'lost' | 'nothing-to-recover';

export interface ReconnectRecord {
  /** 1 for the first drop, 2 for the next… */
  seq: number;
  closedAt: number;
  closeCode: number;
  /** describeCloseCode(closeCode), e.g. "1012 SERVICE_RESTART: service restart…". */
  description: string;
  /** The close reason's text, and the reconnect hint it carried (1012 drains carry one). */
  reason: string;
  hintMs?: number;
  /** The client's backoff wait before its next attempt. */
  delayMs?: number;
  /** How long the connection had been open when it dropped. */
  uptimeMs: number;
  /** Attempts that failed before the connection came back, with their close codes. */
  failedAttempts: number[];
  reopenedAt: number | null;
  downMs: number | null;
  /** The connection was closed for good (by the user, or a terminal close code). */
  final: boolean;
  recovery: RecoveryStatus;
  channels: ChannelRecovery[];
}

export interface MonitorSnapshot {
  open: boolean;
  connectedAt: number | null;
  hello: HelloFrame | null;
  opens: number;
  reconnects: readonly ReconnectRecord[];
  rtt: RttSeries;
  messagesIn: number;
  messagesOut: number;
}

interface OpenSubscribe {
  channel: string;
  since?: { epoch: string; offset: number };
}

function parseJson(text: string): Record<string, unknown> | null {
  if (text.length === 0 || text[0] !== '{') return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isPosition(v: unknown): v is { epoch: string; offset: number } {
  return typeof v === 'object' && v !== null && typeof (v as { epoch?: unknown }).epoch === 'string' && typeof (v as { offset?: unknown }).offset === 'number';
}

export class ConnectionMonitor {
  readonly rtt: RttSeries;
  private readonly records: ReconnectRecord[] = [];
  private readonly maxRecords: number;
  private readonly listeners = new Set<() => void>();
  private pendingPings: number[] = [];
  /** Channels subscribed on the current connection. */
  private channels = new Set<string>();
  /** Subscribes in flight on the current connection, by request id. */
  private inflight = new Map<string, OpenSubscribe>();
  /** The record whose recovery the current connection completes (until it drops in turn). */
  private recovering: ReconnectRecord | null = null;
  private isOpen = false;
  private connectedAt: number | null = null;
  private hello: HelloFrame | null = null;
  private opens = 0;
  private messagesIn = 0;
  private messagesOut = 0;

  constructor(options: { rttCapacity?: number; maxRecords?: number } = {}) {
    this.rtt = new RttSeries(options.rttCapacity ?? 150);
    this.maxRecords = options.maxRecords ?? 50;
  }

  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): MonitorSnapshot {
    return {
      open: this.isOpen,
      connectedAt: this.connectedAt,
      hello: this.hello,
      opens: this.opens,
      reconnects: this.records,
      rtt: this.rtt,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
    };
  }

  /** The most recent reconnect record whose connection came back, if any. */
  lastReconnect(): ReconnectRecord | null {
    for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i]!.reopenedAt !== null) return this.records[i]!;
    return null;
  }

  /** The connection is open (the client got hello). Frames it sent on entering open are already in. */
  opened(at: number): void {
    this.isOpen = true;
    this.connectedAt = at;
    this.opens++;
    const pending = this.pendingRecord();
    if (pending) {
      pending.reopenedAt = at;
      pending.downMs = at - pending.closedAt;
      this.recovering = pending;
      this.updateRecovery(pending);
    }
    this.emit();
  }

  /**
   * The connection ended (`wasOpen`: a drop) or an attempt failed (not `wasOpen`), with the
   * client's `delayMs` before it tries again.
   */
  closed(at: number, code: number, reason: string, wasOpen: boolean, delayMs?: number): void {
    this.pendingPings = [];
    this.inflight.clear();
    if (!wasOpen) {
      const pending = this.pendingRecord();
      if (pending) {
        pending.failedAttempts.push(code);
        if (delayMs !== undefined) pending.delayMs = delayMs;
      }
      this.emit();
      return;
    }
    const parsed = parseCloseReason(reason);
    const record: ReconnectRecord = {
      seq: this.records.length === 0 ? 1 : this.records[this.records.length - 1]!.seq + 1,
      closedAt: at,
      closeCode: code,
      description: describeCloseCode(code),
      reason: parsed.text,
      uptimeMs: this.connectedAt === null ? 0 : at - this.connectedAt,
      failedAttempts: [],
      reopenedAt: null,
      downMs: null,
      final: false,
      recovery: 'waiting',
      // Every channel this connection had: each must come back with recovered:true.
      channels: [...this.channels].map((channel) => ({ channel, recovered: null, missed: null })),
    };
    if (parsed.reconnectDelayMs !== undefined) record.hintMs = parsed.reconnectDelayMs;
    if (delayMs !== undefined) record.delayMs = delayMs;
    this.records.push(record);
    if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
    this.isOpen = false;
    this.connectedAt = null;
    this.recovering = null;
    this.emit();
  }

  /** The client will not reconnect (closed by the app, or after a terminal code). */
  ended(): void {
    const pending = this.pendingRecord();
    if (pending) pending.final = true;
    this.isOpen = false;
    this.connectedAt = null;
    this.recovering = null;
    this.pendingPings = [];
    this.inflight.clear();
    this.emit();
  }

  frameOut(at: number, text: string): void {
    if (text === PING_TEXT) {
      this.pendingPings.push(at);
      return;
    }
    const frame = parseJson(text);
    if (!frame) return;
    if (frame.type === 'publish') this.messagesOut++;
    if (frame.type === 'subscribe' && typeof frame.channel === 'string') {
      const sub: OpenSubscribe = { channel: frame.channel };
      if (isPosition(frame.since)) sub.since = { epoch: frame.since.epoch, offset: frame.since.offset };
      this.inflight.set(String(frame.id), sub);
    }
    if (frame.type === 'unsubscribe' && typeof frame.channel === 'string') this.channels.delete(frame.channel);
    this.emit();
  }

  frameIn(at: number, text: string): void {
    if (text === PONG_TEXT) {
      const sent = this.pendingPings.shift();
      if (sent !== undefined) this.rtt.add(at, at - sent, this.opens);
      this.emit();
      return;
    }
    const frame = parseJson(text);
    if (!frame) return;
    if (frame.type === 'hello') this.hello = frame as unknown as HelloFrame;
    else if (frame.type === 'message') this.messagesIn++;
    else if (frame.type === 'subscribed') this.onSubscribed(frame);
    else if (frame.type === 'error' && frame.id !== null && frame.id !== undefined) this.inflight.delete(String(frame.id));
    this.emit();
  }

  private onSubscribed(frame: Record<string, unknown>): void {
    const key = String(frame.id);
    const sub = this.inflight.get(key);
    this.inflight.delete(key);
    const channel = typeof frame.channel === 'string' ? frame.channel : sub?.channel;
    if (!channel) return;
    this.channels.add(channel);
    const record = this.recovering;
    if (!record) return;
    const entry = record.channels.find((c) => c.channel === channel);
    if (!entry) return;
    const recovered = frame.recovered === true;
    entry.recovered = recovered;
    const offset = typeof frame.offset === 'number' ? frame.offset : null;
    if (recovered && sub?.since && offset !== null && frame.epoch === sub.since.epoch) entry.missed = Math.max(0, offset - sub.since.offset);
    else entry.missed = recovered ? 0 : null;
    this.updateRecovery(record);
  }

  private updateRecovery(record: ReconnectRecord): void {
    if (record.channels.length === 0) record.recovery = 'nothing-to-recover';
    else if (record.channels.some((c) => c.recovered === false)) record.recovery = 'lost';
    else if (record.channels.every((c) => c.recovered === true)) record.recovery = 'complete';
    else record.recovery = 'waiting';
  }

  private pendingRecord(): ReconnectRecord | null {
    const last = this.records[this.records.length - 1];
    return last && last.reopenedAt === null && !last.final ? last : null;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** One line for a record's recovery, as the panel shows it (English unless other words are given). */
export function describeRecovery(r: ReconnectRecord, w: ConsoleWords['recovery'] = EN.recovery): string {
  switch (r.recovery) {
    case 'waiting':
      return r.reopenedAt === null ? (r.final ? w.notReconnecting : w.reconnecting) : w.resubscribing;
    case 'nothing-to-recover':
      return w.nothing;
    case 'complete': {
      const missed = r.channels.reduce((n, c) => n + (c.missed ?? 0), 0);
      const where = r.channels.length === 1 ? r.channels[0]!.channel : w.channels(r.channels.length);
      return w.complete(missed, where);
    }
    case 'lost': {
      const lost = r.channels.filter((c) => c.recovered === false).map((c) => c.channel);
      return w.lost(lost.join(', '));
    }
  }
}
