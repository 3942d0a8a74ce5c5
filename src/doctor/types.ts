/**
 * The doctor's contracts: the options a run takes, the check shape, and the report it produces;
 * the I/O context checks use is in io-types.ts (re-exported here).
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

// ---- I/O context: io-types.ts ----------------------------------------------------------------

export type * from './io-types.js';
import type { DoctorIO } from './io-types.js';

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
