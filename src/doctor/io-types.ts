/**
 * The doctor's I/O context: the probes a check may use (DNS, TCP, TLS, the HTTP upgrade,
 * WebSocket, SSE), the clock and progress. Real in `context/node.ts`, fake in `context/fake.ts`;
 * a check sees nothing else of the world. types.ts re-exports all of it.
 */
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
