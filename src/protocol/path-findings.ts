/**
 * The words for what can go wrong on the path between a client and a wsgate server: one table
 * that `wsgate doctor` (issue 4) and the web console's browser test (issue 8) both use, so a
 * problem is named and fixed the same way wherever it is seen. Codes are the doctor's stable
 * finding codes; `message` and `remedy` take the finding's `data`.
 *
 * Words are plain text; spans in backticks are code (commands, config lines), which the
 * console renders as code and a terminal shows as is.
 *
 * Dependency-free on purpose (it lives in `protocol/`, which imports nothing): the shape is
 * structurally the `CodeInfo` of `src/findings`, so the doctor can spread it into its catalog
 * and specialise remedies for the CDN or proxy it found.
 */
import { describeCloseCode } from './close-codes.js';

export type PathSeverity = 'error' | 'warning' | 'info';

/** What the words may use; every field optional, so any observer can fill what it saw. */
export interface PathFindingData {
  /** HTTP status of a rejected handshake (or of a plain GET on the WebSocket path). */
  status?: number;
  /** Why a handshake was rejected: see `HandshakeCause`. */
  cause?: HandshakeCause | string;
  /** Close code and reason of a connection that ended. */
  closeCode?: number;
  reason?: string;
  /** Time from open (or from the start of the attempt) to the close. */
  closedAfterMs?: number;
  /** How long a step waited before giving up. */
  timeoutMs?: number;
  host?: string;
  port?: number;
  /** The origin of the page (browser) or the --header Origin (doctor). */
  origin?: string;
  [extra: string]: unknown;
}

/** Causes of HANDSHAKE_REJECTED, from the status and what answered it. */
export type HandshakeCause = 'upgrade-not-forwarded' | 'bad-gateway' | 'not-found' | 'forbidden' | 'unavailable' | 'not-websocket' | 'other';

export interface PathFindingInfo {
  severity: PathSeverity;
  title: string;
  message: (data: PathFindingData) => string;
  remedy: (data: PathFindingData) => string;
}

/** The nginx lines that forward an upgrade (nginx docs, websocket.html). */
export const NGINX_UPGRADE_SNIPPET =
  '`proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` ' +
  "(with `map $http_upgrade $connection_upgrade { default upgrade; '' close; }` in `http {}`)";

const status = (d: PathFindingData): string => (d.status !== undefined ? `HTTP ${d.status}` : 'a non-101 answer');
const ms = (n: unknown): string => (typeof n === 'number' ? (n >= 10_000 ? `${Math.round(n / 1000)} s` : `${Math.round(n)} ms`) : 'a moment');

const HANDSHAKE_CAUSES: Record<HandshakeCause, { message: (d: PathFindingData) => string; remedy: (d: PathFindingData) => string }> = {
  'upgrade-not-forwarded': {
    message: (d) => `the Upgrade header never reached a WebSocket server: a proxy on the path passed the handshake on as a plain HTTP request, and the app answered ${status(d)}`,
    remedy: () =>
      `make every proxy on the path forward Upgrade and Connection. nginx: ${NGINX_UPGRADE_SNIPPET}. ` +
      'ingress-nginx, HAProxy and Caddy forward them by default, so look for another hop: a CDN with WebSockets switched off ' +
      '(Cloudflare: Network → WebSockets; Alibaba Cloud DCDN: WebSocket needs dynamic acceleration; Tencent Cloud CDN: the WebSocket switch).',
  },
  'bad-gateway': {
    message: (d) => `a proxy answered ${status(d)}: it could not reach the WebSocket service behind it`,
    remedy: () =>
      'check that the service runs and that the proxy points at the right host and port (`kubectl get endpoints <service>`; the proxy\'s error log names the upstream). ' +
      'A CDN that does not support WebSockets on this hostname also answers 502: switch WebSockets on there.',
  },
  'not-found': {
    message: (d) => `nothing serves WebSockets at this path (${status(d)})`,
    remedy: () =>
      'check the path in the URL against the proxy\'s routes (nginx location, Ingress path). Behind a path prefix the WebSocket path carries the prefix too ' +
      '(e.g. `/chat/api/ws/chat`), and the proxy must strip it the same way it does for the page.',
  },
  forbidden: {
    message: (d) => `the handshake was refused with ${status(d)}: usually the page's Origin is not allowed, or a WAF blocked it`,
    remedy: (d) =>
      `add ${d.origin ? `${d.origin} ` : 'the page\'s origin '}to \`--allowed-origins\` (\`WSGATE_ALLOWED_ORIGINS\`), or allow WebSocket upgrades in the CDN's WAF or firewall rules.`,
  },
  unavailable: {
    message: (d) => `the server is draining or full (${status(d)})`,
    remedy: () => 'wait and retry (wsgate/client honours `Retry-After`); if it lasts, check `--max-connections` and the readiness probe (`GET /readyz`).',
  },
  'not-websocket': {
    message: (d) => `the WebSocket path answers a plain request with ${status(d)}, like an ordinary page: no WebSocket server is routed there`,
    remedy: () => 'route the WebSocket path to `wsgate serve` (it answers a plain GET on that path with 426 Upgrade Required); a catch-all route or a static site is answering instead.',
  },
  other: {
    message: (d) => `the handshake got ${status(d)} instead of 101 Switching Protocols`,
    remedy: () => 'look at the proxy\'s and the server\'s logs for this request; compare with a connection straight to the origin (`wsgate doctor <url> --origin <addr>`).',
  },
};

function causeOf(d: PathFindingData): HandshakeCause {
  return typeof d.cause === 'string' && d.cause in HANDSHAKE_CAUSES ? (d.cause as HandshakeCause) : 'other';
}

function closeText(d: PathFindingData): string {
  if (typeof d.closeCode !== 'number') return '';
  const reason = d.reason ? ` "${d.reason}"` : '';
  return ` (close ${describeCloseCode(d.closeCode)}${reason})`;
}

/**
 * Finding codes that a client can observe on the path, with their words.
 *
 * @example
 * const f = PATH_FINDINGS.HANDSHAKE_REJECTED;
 * f.message({ status: 426, cause: 'upgrade-not-forwarded' });
 */
export const PATH_FINDINGS = {
  DNS_FAILED: {
    severity: 'error',
    title: 'DNS lookup failed',
    message: (d) => (d.host ? `the name ${d.host} does not resolve` : 'the host name does not resolve'),
    remedy: () => 'check the DNS record (`nslookup <host>`); a new record may still be propagating.',
  },
  TCP_REFUSED: {
    severity: 'error',
    title: 'Connection refused',
    message: (d) => (d.host ? `${d.host}${d.port ? `:${d.port}` : ''} refused the connection` : 'the server could not be reached at all'),
    remedy: () => 'check that the server or proxy is running and listens on that address and port, and that firewalls let the port through (`telnet <host> 443`).',
  },
  TCP_TIMEOUT: {
    severity: 'error',
    title: 'Connection timed out',
    message: (d) => `no answer to the TCP connection within ${ms(d.timeoutMs)}`,
    remedy: () => 'a firewall or security group drops the packets: open the port end to end, and check that DNS points at the right address.',
  },
  HANDSHAKE_TIMEOUT: {
    severity: 'error',
    title: 'Handshake timed out',
    message: (d) => `the WebSocket handshake got no answer within ${ms(d.timeoutMs)}`,
    remedy: () => 'a proxy is holding the request (upstream unreachable, connect timeout) or a firewall drops it: check the proxy\'s error log and its upstream address.',
  },
  HANDSHAKE_REJECTED: {
    severity: 'error',
    title: 'Handshake rejected',
    message: (d) => HANDSHAKE_CAUSES[causeOf(d)].message(d),
    remedy: (d) => HANDSHAKE_CAUSES[causeOf(d)].remedy(d),
  },
  AUTH_REJECTED: {
    severity: 'error',
    title: 'Token rejected',
    message: (d) =>
      typeof d.closeCode === 'number' ? `the server accepted the connection, then closed it right away${closeText(d)}: the token is missing, invalid or expired` : `the server refused the token (${status(d)})`,
    remedy: () =>
      'get a fresh token and check it: `curl -H "Authorization: Bearer <token>" https://<host>/api/user/info` must answer 200. ' +
      'Send it as `?token=`, as an `Authorization: Bearer` header, or as a `?ticket=` from `POST /api/ws/ticket`.',
  },
  CLOSED_AFTER_OPEN: {
    severity: 'error',
    title: 'Closed right after open',
    message: (d) => `the connection opened, then dropped after ${ms(d.closedAfterMs)}${closeText(d) || ' with 1006 and no reason'}`,
    remedy: () =>
      'something on the path ends upgraded connections: look in the proxy\'s and the server\'s logs at that moment (a crash, an OOM kill, a WAF, an edge that speaks WebSocket only over HTTP/1.1).',
  },
  NO_PONG: {
    severity: 'error',
    title: 'No pong',
    message: (d) => `the text "ping" got no "pong" within ${ms(d.timeoutMs)}`,
    remedy: () => 'the endpoint is not a wsgate server, or frames are held on the way: check that the path routes to `wsgate serve` (it sends a hello frame on open and answers `ping` with `pong`).',
  },
  IDLE_TIMEOUT: {
    severity: 'error',
    title: 'Idle connection cut',
    message: (d) => `the path cut an idle connection after ${ms(d.closedAfterMs)}${closeText(d)}`,
    remedy: () =>
      'send a heartbeat well under that interval (`wsgate serve --ping-interval`; wsgate/client pings at the interval from hello), or raise the idle limit: ' +
      'nginx `proxy_read_timeout 3600s;`; ingress-nginx `nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"`; AWS ALB idle timeout; Tencent Cloud CDN WebSocket timeout (15 s when off, up to 300 s); Cloudflare ~100 s (Enterprise only).',
  },
} satisfies Record<string, PathFindingInfo>;

export type PathFindingCode = keyof typeof PATH_FINDINGS;

/** A worded finding, the same fields as the doctor's JSON report. */
export interface PathFinding {
  code: PathFindingCode;
  severity: PathSeverity;
  message: string;
  remedy: string;
  data: PathFindingData;
}

/**
 * Words a finding with the shared table.
 *
 * @example
 * explainPathFinding('AUTH_REJECTED', { closeCode: 4401 }).remedy
 */
export function explainPathFinding(code: PathFindingCode, data: PathFindingData = {}): PathFinding {
  const info: PathFindingInfo = PATH_FINDINGS[code];
  return { code, severity: info.severity, message: info.message(data), remedy: info.remedy(data), data };
}

/**
 * The cause of a rejected handshake from the HTTP status a WebSocket path answers with.
 * 426 (or 400 naming Upgrade) to a request that carried `Upgrade: websocket` means the header
 * was dropped on the way: the app saw a plain request.
 *
 * @example
 * handshakeCause(426) // 'upgrade-not-forwarded'
 * handshakeCause(502) // 'bad-gateway'
 */
export function handshakeCause(statusCode: number, body = ''): HandshakeCause {
  if (statusCode === 426) return 'upgrade-not-forwarded';
  if (statusCode === 400 && /upgrade/i.test(body)) return 'upgrade-not-forwarded';
  if (statusCode === 502 || statusCode === 504) return 'bad-gateway';
  if (statusCode === 404) return 'not-found';
  if (statusCode === 403) return 'forbidden';
  if (statusCode === 503) return 'unavailable';
  if (statusCode >= 200 && statusCode < 300) return 'not-websocket';
  return 'other';
}
