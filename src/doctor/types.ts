/**
 * The doctor's contracts: the options a run takes, the I/O context checks use (real in
 * `context/node.ts`, fake in `context/fake.ts`), the check shape, and the report it produces.
 * Checks are data (ARCHITECTURE.md "doctor"): `{ id, title, dependsOn, run(ctx) }` returning findings and
 * facts, never printing.
 */
import type { CheckResult, Finding, RawFinding, Report } from '../findings/index.js';
import type { CdnProvider, ProxyKind } from '../knowledge/index.js';

// ---- options ---------------------------------------------------------------------------------

export interface DoctorOptions {
  /** The ws:// or wss:// URL under test. */
  url: string;
  /** curl-style `host:port:addr` pins: for the URL's host:port they replace DNS on the main path. */
  resolve?: ResolveEntry[];
  /** Also diagnose straight to this origin (same Host and SNI). */
  origin?: { host: string; port?: number };
  /** Token to use instead of the one in the URL. */
  token?: string;
  headers?: Record<string, string>;
  originHeaders?: Record<string, string>;
  /** Hold a silent connection up to this long (ms) to measure the idle cut; off when undefined. */
  idleMs?: number;
  /** `addr[:port]` of a DNS server to ask instead of the system resolver. */
  dnsServer?: string;
  /** PEM text of extra trusted CAs. */
  ca?: string;
  insecure?: boolean;
  /** Per-step timeout (ms). */
  timeoutMs: number;
}

export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

// ---- I/O context -----------------------------------------------------------------------------

/** An error from a probe, with the errno-style code that classification reads. */
export interface ProbeError {
  code: string;
  message: string;
}

export interface DnsAnswer {
  /** Each CNAME hop, in order, starting with the name asked for (empty when none). */
  cnames: string[];
  /** IPv4 then IPv6 addresses of the final name. */
  addresses: string[];
}

export interface DnsProbe {
  resolve(host: string, timeoutMs: number): Promise<DnsAnswer>;
}

export type TcpResult = { ok: true; ms: number } | { ok: false; ms: number; error: ProbeError };

export interface TcpProbe {
  connect(address: string, port: number, timeoutMs: number): Promise<TcpResult>;
}

export interface TlsTarget {
  address: string;
  port: number;
  servername: string;
  ca?: string;
  timeoutMs: number;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  altNames: string[];
  validFrom: string;
  validTo: string;
}

export type TlsResult =
  | {
      ok: true;
      ms: number;
      /** True when the chain verified against the trust store (+ --ca). */
      authorized: boolean;
      /** OpenSSL's reason when not authorized, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
      authorizationError?: string;
      /** Null when the certificate covers the name; else the mismatch reason. */
      hostnameError: string | null;
      protocol: string;
      alpn: string | null;
      cert: CertSummary;
    }
  | { ok: false; ms: number; error: ProbeError };

export interface TlsProbe {
  handshake(target: TlsTarget): Promise<TlsResult>;
}

/** Where a connection goes: the address dialled, and the Host/SNI/path it presents. */
export interface PathTarget {
  secure: boolean;
  address: string;
  port: number;
  /** The Host header (with a port when it is not the default). */
  hostHeader: string;
  /** The TLS server name. */
  servername: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  ca?: string;
  insecure: boolean;
}

export type UpgradeResult =
  | {
      ok: true;
      ms: number;
      status: number;
      statusText: string;
      /** Lower-cased header names; repeated headers joined with ", ". */
      headers: Record<string, string>;
      /** The first bytes of the body of a non-101 answer (proxy error pages name the proxy). */
      body: string;
      /** Whether Sec-WebSocket-Accept matched the key sent (RFC 6455 §4.2.2). */
      acceptValid: boolean;
      /** The request head sent and the response head received, as bytes on the wire (CRLF). */
      raw?: { request: string; response: string };
    }
  | { ok: false; ms: number; error: ProbeError; raw?: { request: string } };

export interface UpgradeProbe {
  upgrade(target: PathTarget, timeoutMs: number): Promise<UpgradeResult>;
}

export type WsEvent =
  | { type: 'message'; data: string }
  | { type: 'close'; code: number; reason: string }
  | { type: 'timeout' };

/**
 * When a session's socket saw traffic and its end, stamped in the socket's own event handlers
 * (not when a check got round to reading them), with how stale each stamp may be because the
 * doctor's event loop was busy (docs/doctor.md "How the idle cut is timed").
 */
export interface SessionTiming {
  openedAt: number;
  /** The last byte in or out (a server's protocol ping, and the pong answering it, count). */
  lastTrafficAt: number;
  /** How long before `lastTrafficAt` that byte may really have arrived (ms). */
  lastTrafficStaleMs: number;
  /**
   * The last traffic a lazy idle timer surely restarted on: nginx ignores traffic within 300 ms
   * of its timer's last restart (docs/doctor.md "Lazy timers"). Equal to `lastTrafficAt` unless
   * the last traffic came that soon after earlier traffic (or the open).
   */
  lazyRestartAt?: number;
  /** The longest gap without traffic so far (up to the close, or up to now while open). */
  longestSilenceMs: number;
  /** When the socket ended (FIN, reset or close); undefined while open. */
  closedAt?: number;
  /** How long before `closedAt` the end may really have arrived (ms). */
  closedStaleMs?: number;
  /** The doctor's worst event-loop lag while the session was open (ms). */
  maxLoopLagMs: number;
}

/** An open WebSocket, read one event at a time. */
export interface WsSession {
  /** The next message or the close; `{type:'timeout'}` after `timeoutMs` of nothing. */
  next(timeoutMs: number): Promise<WsEvent>;
  send(text: string): void;
  close(): void;
  /** Socket-level time stamps so far. */
  timing(): SessionTiming;
}

export type WsOpenResult = { ok: true; ms: number; session: WsSession } | { ok: false; ms: number; status?: number; error: ProbeError };

export interface WsProbe {
  open(target: PathTarget, timeoutMs: number): Promise<WsOpenResult>;
}

/** What the SSE fallback probe saw (docs/protocol.md "SSE fallback"). */
export type SseProbeResult =
  | {
      ok: true;
      /** The stream request's status and headers (lower-cased names). */
      status: number;
      headers: Record<string, string>;
      /** The first bytes of a non-200 body. */
      body: string;
      /** ms from the request to the response head. */
      headersMs: number;
      /** ms from the request to wsgate's hello on the stream; null: none within the wait. */
      helloMs: number | null;
      /** The status of the send (POST) carrying `ping`, when one was made. */
      sendStatus?: number;
      /** ms from that send to the `pong` on the stream; null: none within the wait. */
      pongMs: number | null;
      /** How long each wait lasted at most. */
      waitMs: number;
    }
  | { ok: false; ms: number; error: ProbeError };

export interface SseProbe {
  /**
   * Opens `<path>/sse` through the target, reads hello, sends `ping` to `<path>/send`, times the
   * pong. `compress`: ask for gzip/deflate/br as browsers do (default), or for none.
   */
  probe(target: PathTarget, timeoutMs: number, waitMs: number, options?: { compress?: boolean }): Promise<SseProbeResult>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Live progress for long waits (the idle probe); the CLI draws it, tests ignore it. */
export interface ProgressEvent {
  /** Which path: 'main' or 'origin'. */
  path: string;
  check: string;
  message: string;
  elapsedMs?: number;
  totalMs?: number;
}

export interface DoctorIO {
  dns: DnsProbe;
  tcp: TcpProbe;
  tls: TlsProbe;
  http: UpgradeProbe;
  ws: WsProbe;
  sse: SseProbe;
  clock: Clock;
  progress(event: ProgressEvent): void;
}

// ---- checks ----------------------------------------------------------------------------------

/** What one path (the URL as given, or the origin bypass) is about. */
export interface PathPlan {
  /** 'main' or 'origin'. */
  name: 'main' | 'origin';
  url: URL;
  secure: boolean;
  host: string;
  port: number;
  /** Addresses pinned by --origin/--resolve; DNS is skipped when set. */
  pinned?: string[];
  /** Which flag pinned them. */
  pinnedBy?: '--resolve' | '--origin';
  headers: Record<string, string>;
  /** Path and query actually sent (with --token applied). */
  requestPath: string;
  /** Where the credentials come from: the URL, --token, a --header (Authorization/Cookie), or nowhere. */
  tokenSource: 'url' | 'option' | 'header' | 'none';
}

/** Facts each check leaves for the ones after it (and for the checklist). */
export interface Facts {
  addresses?: string[];
  cnames?: string[];
  /** The address later steps dial: the first one that accepted TCP. */
  address?: string;
  tcp?: Array<{ address: string; ok: boolean; ms: number; error?: string }>;
  tls?: { authorized: boolean; alpn: string | null; protocol: string; validTo: string; subject: string };
  upgrade?: { status: number; headers: Record<string, string>; body: string; acceptValid: boolean };
  /** The handshake as `curl -v` shows it, credentials masked (src/doctor/redact.ts). */
  handshake?: { request: string; response?: string; target: string };
  /** The proxy the answers name (server header, error pages), e.g. 'nginx'. */
  proxy?: ProxyKind;
  cdn?: CdnInfo;
  hello?: { interval: number; timeout: number; user?: string; protocol?: number };
  /** How the WebSocket ended right after open, when it did. */
  earlyClose?: { code: number; reason: string; afterMs: number };
  rttMs?: number;
  pong?: boolean;
  /** The SSE fallback through the same path, when the upgrade failed. */
  fallback?: { status: number; helloMs: number | null; pongMs: number | null; contentEncoding?: string };
  idle?: {
    /** The silence before the cut: from the last byte in or out to the socket's end (null: no cut). */
    closedAfterMs: number | null;
    closeCode?: number;
    heldMs: number;
    heartbeatSurvived?: boolean;
    heartbeatIntervalMs?: number;
    /** From open to the cut (more than closedAfterMs when the server sent something meanwhile). */
    openForMs?: number;
    /** The longest silence the probe saw: with no cut, the path allows at least this much. */
    longestSilenceMs?: number;
    /** How far closedAfterMs may be off because the doctor's event loop ran late (±ms). */
    cutUncertaintyMs?: number;
    /** The last traffic came this soon after earlier traffic: a lazy timer (nginx) may have cut up to this much later (included in cutUncertaintyMs). */
    lazyTimerMs?: number;
    /** The doctor's worst event-loop lag during the probe (ms). */
    loopLagMs?: number;
    /** The heartbeat proof was cut after a silence as long as the idle cut: the doctor's own pings went out late. */
    heartbeatLateMs?: number;
  };
}

/** The CDNs and proxies the doctor tells apart: listed once, in src/knowledge/hops.ts. */
export type { CdnProvider, ProxyKind };

export interface CdnInfo {
  provider: CdnProvider | null;
  evidence: string[];
  /** Tencent EdgeOne rather than classic CDN, when the headers say so. */
  product?: string;
}

export interface CheckContext {
  io: DoctorIO;
  options: DoctorOptions;
  plan: PathPlan;
  /** The facts of the checks this one declares (`dependsOn`, `reads`, and theirs in turn). */
  facts: Facts;
  /** The outcomes of the same checks, by check id. */
  outcomes: ReadonlyMap<string, CheckOutcome>;
}

export interface CheckOutcome {
  status: 'pass' | 'warn' | 'fail' | 'skip';
  findings: RawFinding[];
  facts?: Partial<Facts>;
  /** One line for the human report, e.g. "101 Switching Protocols in 4 ms". */
  summary?: string;
}

export interface Check {
  id: string;
  title: string;
  /** Checks whose failure makes this one impossible (it is then skipped). */
  dependsOn: readonly string[];
  /**
   * Checks whose facts this one reads although their failure does not skip it (auth reads the
   * upgrade's status and the app's early close, which are failures it judges). A check sees
   * only the facts of the checks it declares, in `dependsOn` or here, and of theirs in turn.
   */
  reads?: readonly string[];
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

// ---- report ----------------------------------------------------------------------------------

export type ChecklistStatus = 'pass' | 'fail' | 'unknown';

export interface ChecklistItem {
  id: string;
  /** The guide's wording (运维检查清单). */
  item: string;
  /** The same in English. */
  title: string;
  status: ChecklistStatus;
  note: string;
}

export interface DoctorReport extends Report {
  schemaVersion: 1;
  url: string;
  ok: boolean;
  /** 'main' or 'origin'. */
  path: string;
  /** The address(es) this path dialled. */
  addresses: string[];
  /** Set when the addresses came from a pin rather than DNS. */
  pinned?: { by: '--resolve' | '--origin'; addresses: string[] };
  cdn: CdnInfo;
  proxy: ProxyKind | null;
  checks: Array<CheckResult & { id: string; status: CheckResult['status']; durationMs: number }>;
  findings: Finding[];
  checklist: ChecklistItem[];
  facts: Facts;
  /** Where the first error sits on the path, or null when there is none. */
  where: { hop: string; label: string } | null;
  origin?: DoctorReport;
}
