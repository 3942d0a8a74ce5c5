/**
 * A scripted `DoctorIO` for unit tests: DNS answers, TCP/TLS/upgrade results per address, and
 * WebSocket sessions that behave like a server behind a proxy (hello, pong after a delay, a
 * close at a set time, an idle cut reset by traffic, a lifetime cut), all on a fake clock.
 */
import { buildUpgradeRequest } from './upgrade-request.js';
import { lazyRestart } from './socket-timing.js';
import type { DnsAnswer, DoctorIO, PathTarget, ProbeError, ProgressEvent, SessionTiming, SseProbeResult, TcpResult, TlsResult, UpgradeResult, WsEvent, WsOpenResult, WsSession } from '../types.js';

export interface FakeWsScript {
  /** The hello frame's heartbeat interval (ms); null: no hello at all. */
  helloIntervalMs?: number | null;
  user?: string;
  /** Answer "ping" with "pong" after this many ms; null: never. */
  pongAfterMs?: number | null;
  /** Close this long after open, with this code (an auth close, a crash). */
  closeAfter?: { ms: number; code: number; reason?: string };
  /** The path cuts the connection after this long without traffic (1006). */
  idleCutMs?: number;
  /** The hop's idle timer is lazy like nginx's: traffic within 300 ms of its last restart does not restart it. */
  lazyIdleTimer?: boolean;
  /** The server sends protocol pings this often (traffic that resets the idle cut). */
  serverPingMs?: number;
  /** The path cuts every connection this long after open, traffic or not. */
  lifetimeMs?: number;
  /** The server sends a message this many ms after open (traffic that restarts an idle cut). */
  messagesAtMs?: number[];
  /** The doctor's event loop was this late when the close came (its stamp's staleness, ms). */
  closeStaleMs?: number;
  /** The doctor's worst event-loop lag while the session was open (ms). */
  loopLagMs?: number;
  /** Opening fails (after a 101 on the raw probe: a flaky path). */
  openError?: ProbeError;
}

export interface FakeScenario {
  /** By host name; a ProbeError makes the lookup fail. */
  dns?: Record<string, DnsAnswer | ProbeError>;
  /** By address; '*' for any other. Default: connected in 1 ms. */
  tcp?: Record<string, TcpResult>;
  tls?: Record<string, TlsResult>;
  /** By address; '*' for any other. Default: a valid 101. */
  upgrade?: Record<string, UpgradeResult>;
  /** By address; '*' for any other. Default: a healthy wsgate server. */
  ws?: Record<string, FakeWsScript>;
  /** The SSE fallback probe, by address; '*' for any other. Default: the upgrade's own non-101 answer (the same proxy refuses both); a working stream behind a 101. */
  sse?: Record<string, SseProbeResult>;
  /** The same probe asking for no compression (the doctor's second look at a held-back stream); default: as `sse`. */
  sseUncompressed?: Record<string, SseProbeResult>;
}

export const START_TIME = Date.parse('2026-06-01T00:00:00Z');

export const OK_101: Extract<UpgradeResult, { ok: true }> = { ok: true, ms: 2, status: 101, statusText: 'Switching Protocols', headers: { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': 'x' }, body: '', acceptValid: true };

export function answer(status: number, headers: Record<string, string> = {}, body = ''): UpgradeResult {
  return { ok: true, ms: 2, status, statusText: '', headers, body, acceptValid: false };
}

/** A working SSE fallback whose pong came back after `pongMs`; `encoding` as the proxy set it. */
export function sseAnswer(pongMs: number | null, encoding?: string, helloMs: number | null = 5): SseProbeResult {
  const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', server: 'nginx' };
  if (encoding) headers['content-encoding'] = encoding;
  return { ok: true, status: 200, headers, body: '', headersMs: 2, helloMs, sendStatus: helloMs === null ? undefined : 204, pongMs, waitMs: 3000 };
}

export function goodTls(overrides: Partial<Extract<TlsResult, { ok: true }>> = {}): TlsResult {
  return {
    ok: true,
    ms: 3,
    authorized: true,
    hostnameError: null,
    protocol: 'TLSv1.3',
    alpn: 'http/1.1',
    cert: { subject: 'ws.example.com', issuer: 'Test CA', altNames: ['ws.example.com'], validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z' },
    ...overrides,
  };
}

const pick = <T>(table: Record<string, T> | undefined, key: string): T | undefined => table?.[key] ?? table?.['*'];

class FakeSession implements WsSession {
  private readonly openedAt: number;
  private lastTraffic: number;
  private lazyRestartAt: number;
  private readonly queue: Array<{ at: number; ev: WsEvent }> = [];
  private closed = false;
  private closedAt: number | undefined;
  private longestSilenceMs = 0;

  constructor(
    private readonly clock: { t: number },
    private readonly script: FakeWsScript,
  ) {
    this.openedAt = clock.t;
    this.lastTraffic = this.lazyRestartAt = clock.t;
    if (script.helloIntervalMs !== null) {
      const interval = script.helloIntervalMs ?? 20_000;
      this.queue.push({ at: clock.t, ev: { type: 'message', data: JSON.stringify({ type: 'hello', protocol: 1, session: 's', user: { id: script.user ?? 'alice' }, heartbeat: { interval, timeout: interval * 2 } }) } });
    }
    for (const ms of script.messagesAtMs ?? []) this.queue.push({ at: clock.t + ms, ev: { type: 'message', data: JSON.stringify({ type: 'ping' }) } });
  }

  /** When the path or server ends this connection, given the traffic so far. */
  private closeDue(): { at: number; code: number; reason: string } | null {
    const s = this.script;
    const candidates: Array<{ at: number; code: number; reason: string }> = [];
    if (s.closeAfter) candidates.push({ at: this.openedAt + s.closeAfter.ms, code: s.closeAfter.code, reason: s.closeAfter.reason ?? '' });
    if (s.lifetimeMs !== undefined) candidates.push({ at: this.openedAt + s.lifetimeMs, code: 1006, reason: '' });
    if (s.idleCutMs !== undefined) {
      // Server pings count as traffic: the cut comes idleCut after the latest traffic that
      // precedes it.
      let last = s.lazyIdleTimer ? this.lazyRestartAt : this.lastTraffic;
      if (s.serverPingMs !== undefined && s.serverPingMs < s.idleCutMs) last = Number.POSITIVE_INFINITY;
      if (Number.isFinite(last)) candidates.push({ at: last + s.idleCutMs, code: 1006, reason: '' });
    }
    candidates.sort((a, b) => a.at - b.at);
    return candidates[0] ?? null;
  }

  async next(timeoutMs: number): Promise<WsEvent> {
    if (this.closed) return { type: 'close', code: 1006, reason: '' };
    const deadline = this.clock.t + timeoutMs;
    this.queue.sort((a, b) => a.at - b.at);
    const msg = this.queue[0];
    const close = this.closeDue();
    if (close && close.at <= deadline && (!msg || close.at < msg.at)) {
      this.clock.t = Math.max(this.clock.t, close.at);
      this.closed = true;
      this.closedAt = this.clock.t;
      return { type: 'close', code: close.code, reason: close.reason };
    }
    if (msg && msg.at <= deadline) {
      this.queue.shift();
      this.clock.t = Math.max(this.clock.t, msg.at);
      this.traffic();
      return msg.ev;
    }
    this.clock.t = deadline;
    return { type: 'timeout' };
  }

  send(text: string): void {
    if (this.closed) return;
    this.traffic();
    const after = this.script.pongAfterMs === undefined ? 5 : this.script.pongAfterMs;
    if (text === 'ping' && after !== null) this.queue.push({ at: this.clock.t + after, ev: { type: 'message', data: 'pong' } });
  }

  close(): void {
    this.closed = true;
  }

  private traffic(): void {
    this.longestSilenceMs = Math.max(this.longestSilenceMs, this.clock.t - this.lastTraffic);
    this.lastTraffic = this.clock.t;
    this.lazyRestartAt = lazyRestart(this.lazyRestartAt, this.clock.t);
  }

  /** Exact stamps (a fake clock is never late) unless the script says how late. */
  timing(): SessionTiming {
    const end = this.closedAt ?? this.clock.t;
    const t: SessionTiming = { openedAt: this.openedAt, lastTrafficAt: this.lastTraffic, lastTrafficStaleMs: 0, lazyRestartAt: this.lazyRestartAt, longestSilenceMs: Math.max(this.longestSilenceMs, end - this.lastTraffic), maxLoopLagMs: this.script.loopLagMs ?? 0 };
    if (this.closedAt !== undefined) Object.assign(t, { closedAt: this.closedAt, closedStaleMs: this.script.closeStaleMs ?? 0 });
    return t;
  }
}

/** A fake DoctorIO for `scenario`; `progress` events are collected in `events`. */
export function fakeIO(scenario: FakeScenario = {}): DoctorIO & { events: ProgressEvent[]; clockState: { t: number } } {
  const clock = { t: START_TIME };
  const events: ProgressEvent[] = [];
  return {
    events,
    clockState: clock,
    dns: {
      async resolve(host): Promise<DnsAnswer> {
        const a = scenario.dns?.[host];
        if (!a) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        if ('code' in a) throw Object.assign(new Error(a.message), { code: a.code });
        return a;
      },
    },
    tcp: {
      async connect(address): Promise<TcpResult> {
        const r = pick(scenario.tcp, address) ?? { ok: true, ms: 1 };
        clock.t += r.ms;
        return r;
      },
    },
    tls: {
      async handshake(t): Promise<TlsResult> {
        return pick(scenario.tls, t.address) ?? goodTls();
      },
    },
    http: {
      async upgrade(target: PathTarget): Promise<UpgradeResult> {
        const r = pick(scenario.upgrade, target.address) ?? OK_101;
        clock.t += r.ms;
        // The bytes on the wire, as the real probe reports them (the support bundle shows them).
        const request = buildUpgradeRequest({ path: target.path, hostHeader: target.hostHeader, key: 'dGhlIHNhbXBsZSBub25jZQ==', headers: target.headers }).slice(0, -4);
        if (!r.ok) return { ...r, raw: { request } };
        const response = [`HTTP/1.1 ${r.status} ${r.statusText}`.trimEnd(), ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
        return { ...r, raw: { request, response } };
      },
    },
    ws: {
      async open(target: PathTarget): Promise<WsOpenResult> {
        const script = pick(scenario.ws, target.address) ?? {};
        if (script.openError) return { ok: false, ms: 1, error: script.openError };
        return { ok: true, ms: 1, session: new FakeSession(clock, script) };
      },
    },
    sse: {
      async probe(target: PathTarget, _timeoutMs: number, waitMs: number, options?: { compress?: boolean }): Promise<SseProbeResult> {
        const scripted = (options?.compress === false ? pick(scenario.sseUncompressed, target.address) : undefined) ?? pick(scenario.sse, target.address);
        if (scripted) return scripted;
        const up = pick(scenario.upgrade, target.address) ?? OK_101;
        if (!up.ok) return up;
        if (up.status === 101) return sseAnswer(5);
        return { ok: true, status: up.status, headers: up.headers, body: up.body, headersMs: 1, helloMs: null, pongMs: null, waitMs };
      },
    },
    clock: {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    },
    progress: (e) => events.push(e),
  };
}
