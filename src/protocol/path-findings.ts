/**
 * The words for what goes wrong on the path between a client and a WebSocket server, shared
 * by `wsgate doctor` (issue 4) and the web console's browser test (issue 8), so a problem has
 * the same code, message and remedy wherever it is seen. This file is the only copy: the
 * doctor's catalog (src/doctor/catalog.ts) uses these entries and `remedyFor` for its own
 * codes, its upgrade check uses `rejectionCause` and `detectProxy`, and its CDN detection
 * (src/doctor/cdn.ts) adds CNAMEs and address ranges to `cdnHeaderMatches`. It lives in
 * protocol because the console may import only `protocol/` and `client/`. Remedies are
 * plain text; backtick spans are code.
 *
 * Dependency-free (protocol imports nothing): the entries have the shape of `CodeInfo` in
 * src/findings.
 */
import { describeCloseCode } from './close-codes.js';

export type CdnProvider = 'cloudflare' | 'cloudfront' | 'akamai' | 'fastly' | 'azure' | 'alibaba' | 'tencent' | 'qiniu';
export type ProxyKind = 'nginx' | 'haproxy' | 'caddy' | 'alb' | 'envoy' | 'traefik' | 'tengine' | 'openresty';
export type PathSeverity = 'error' | 'warning' | 'info';
export type PathFindingData = Record<string, unknown>;

export interface PathFindingInfo {
  severity: PathSeverity;
  title: string;
  message: (data: PathFindingData) => string;
  remedy: (data: PathFindingData) => string;
}

// ---- remedies that depend on what sits in the path (FACTS.md) ----------------------------------

export type RemedyTopic = 'upgrade-not-forwarded' | 'bad-gateway' | 'idle';

export interface PathKind {
  cdn?: CdnProvider | null;
  proxy?: ProxyKind | null;
}

const CDN_UPGRADE: Record<CdnProvider, string> = {
  cloudflare: 'Cloudflare: Dashboard → Network → WebSockets must be on for the proxied (orange-cloud) record; or serve WebSockets from a separate DNS-only (grey-cloud) host such as ws.example.com',
  cloudfront: 'CloudFront: on the WebSocket path use a cache behavior with caching disabled and an origin request policy that forwards all viewer headers (AllViewer), so Upgrade and Sec-WebSocket-* reach the origin',
  akamai: 'Akamai: enable the WebSockets behavior in the property (Property Manager) for this path',
  fastly: 'Fastly: enable WebSockets on the service and pass the request through with `return(upgrade);` in vcl_recv',
  azure: 'Azure Front Door: use Standard/Premium (WebSockets supported) and disable caching on the WebSocket route',
  alibaba: 'Alibaba Cloud: WebSockets need DCDN (dynamic acceleration) with WebSocket turned on for the domain (DCDN console → domain → WebSocket); it cannot be combined with WAF or HTTP/2 on that domain',
  tencent: 'Tencent Cloud CDN/ECDN/EdgeOne: turn WebSocket on for the domain (console → domain → advanced configuration → WebSocket, Switch on) and set its Timeout',
  qiniu: 'Qiniu: turn WebSocket on in the domain\'s advanced configuration (it may need a support ticket)',
};

const CDN_IDLE: Record<CdnProvider, string> = {
  cloudflare: 'Cloudflare cuts WebSockets idle for ~100 s (adjustable on Enterprise only): have the server send a heartbeat well under that (e.g. every 25–30 s)',
  cloudfront: 'CloudFront closes WebSockets idle for 10 minutes (not adjustable): keep a heartbeat well under that',
  akamai: 'Akamai: keep a heartbeat well under the property\'s idle timeout',
  fastly: 'Fastly: keep a heartbeat well under the service\'s idle timeout',
  azure: 'Azure Front Door closes WebSockets idle for 5 minutes (4 h maximum lifetime): keep a heartbeat well under 5 minutes',
  alibaba: 'Alibaba Cloud DCDN: raise the WebSocket "heartbeat time" (default 60 s) in the domain\'s WebSocket settings, and keep a heartbeat under it',
  tencent: 'Tencent Cloud CDN/EdgeOne: with the WebSocket timeout switch off the idle limit is only 15 s; turn it on and set Timeout up to 300 s, and keep a heartbeat under it',
  qiniu: 'Qiniu: keep a heartbeat well under the idle limit (e.g. every 25 s) and ask support for the domain\'s WebSocket timeout',
};

const PROXY_UPGRADE: Partial<Record<ProxyKind, string>> = {
  nginx:
    'nginx: in the location, `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` with `map $http_upgrade $connection_upgrade { default upgrade; "" close; }` in http {}. ingress-nginx forwards Upgrade by itself and needs no WebSocket annotation or snippet: check the ingress path and backend service instead',
  openresty: 'OpenResty/nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` in the location',
  tengine: 'Tengine/nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` in the location',
  haproxy: 'HAProxy: in `mode http` upgrades pass by default; make sure no `http-request del-header`/`set-header` rule touches Connection or Upgrade, and that the backend is the WebSocket server',
  alb: 'AWS ALB forwards WebSockets natively: check the listener rule sends this path to the WebSocket target group',
  caddy: 'Caddy proxies WebSockets by default: check the reverse_proxy upstream is the WebSocket server and no header_up removes Upgrade',
  envoy: 'Envoy: add `upgrade_configs: [{upgrade_type: websocket}]` to the HTTP connection manager or route',
  traefik: 'Traefik forwards WebSockets by default: check the router sends this path to the WebSocket service',
};

const PROXY_IDLE: Partial<Record<ProxyKind, string>> = {
  nginx:
    'nginx: raise `proxy_read_timeout` and `proxy_send_timeout` (default 60 s) in the WebSocket location, e.g. 3600s; ingress-nginx: annotations `nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"` and `nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"`',
  openresty: 'OpenResty/nginx: raise `proxy_read_timeout` and `proxy_send_timeout` (default 60 s), e.g. 3600s',
  tengine: 'Tengine/nginx: raise `proxy_read_timeout` and `proxy_send_timeout` (default 60 s), e.g. 3600s',
  haproxy: 'HAProxy: after the upgrade `timeout tunnel` replaces the client/server timeouts: set `timeout tunnel 1h` (haproxytech ingress: annotation `haproxy.org/timeout-tunnel`)',
  alb: 'AWS ALB: raise the load balancer attribute `idle_timeout.timeout_seconds` (default 60, up to 4000)',
  envoy: 'Envoy: raise the route `idle_timeout` / `stream_idle_timeout`',
};

const GENERIC_UPGRADE =
  'make every hop forward the Upgrade and Connection headers over HTTP/1.1 (nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`; ingress-nginx does it by itself)';
const GENERIC_IDLE =
  'have the server send a heartbeat at well under half the measured cut, or raise the idle timeout on the hop that cuts (nginx `proxy_read_timeout`, ingress-nginx `proxy-read-timeout` annotation, HAProxy `timeout tunnel`, ALB `idle_timeout.timeout_seconds`)';

/** The remedy words by topic, CDN and proxy, in one language (English here; see path-findings.zh-CN.ts). */
export interface RemedyWords {
  cdnUpgrade: Record<CdnProvider, string>;
  cdnIdle: Record<CdnProvider, string>;
  proxyUpgrade: Partial<Record<ProxyKind, string>>;
  proxyIdle: Partial<Record<ProxyKind, string>>;
  genericUpgrade: string;
  genericIdle: string;
  badGateway: {
    cdn: (cdn: CdnProvider, upgrade: string) => string;
    nginx: string;
    haproxy: string;
    proxy: (proxy: ProxyKind) => string;
    generic: string;
  };
}

export const REMEDY_WORDS: RemedyWords = {
  cdnUpgrade: CDN_UPGRADE,
  cdnIdle: CDN_IDLE,
  proxyUpgrade: PROXY_UPGRADE,
  proxyIdle: PROXY_IDLE,
  genericUpgrade: GENERIC_UPGRADE,
  genericIdle: GENERIC_IDLE,
  badGateway: {
    cdn: (cdn, upgrade) => `the ${cdn} edge could not get a good answer from the origin: check the origin answers on the address and port the CDN uses (run again with --origin <addr> to test it directly), then ${upgrade}`,
    nginx: 'nginx could not reach its upstream: check the upstream process is running, the `proxy_pass` address and port, and error.log (ingress-nginx: `kubectl get endpoints <service>` and the controller logs)',
    haproxy: 'HAProxy has no healthy server for the backend: check the backend address, `timeout connect`, and the health checks',
    proxy: (proxy) => `the ${proxy} proxy could not reach its upstream: check the upstream address, port and health`,
    generic: 'a proxy in the path could not reach the WebSocket server: check the upstream is running and the proxy points at the right address and port',
  },
};

/**
 * The remedy text for a topic, specific to the CDN and proxy seen where possible, in the
 * language of `words` (English by default).
 *
 * @example
 * remedyFor('upgrade-not-forwarded', { proxy: 'nginx' }) // 'nginx: in the location, `proxy_http_version 1.1; …'
 */
export function remedyFor(topic: RemedyTopic, kind: PathKind, words: RemedyWords = REMEDY_WORDS): string {
  const parts: string[] = [];
  if (topic === 'upgrade-not-forwarded') {
    if (kind.cdn) parts.push(words.cdnUpgrade[kind.cdn]);
    if (kind.proxy && words.proxyUpgrade[kind.proxy]) parts.push(words.proxyUpgrade[kind.proxy]!);
    if (parts.length === 0) parts.push(words.genericUpgrade);
  } else if (topic === 'idle') {
    if (kind.cdn) parts.push(words.cdnIdle[kind.cdn]);
    if (kind.proxy && words.proxyIdle[kind.proxy]) parts.push(words.proxyIdle[kind.proxy]!);
    if (parts.length === 0) parts.push(words.genericIdle);
  } else {
    if (kind.cdn) parts.push(words.badGateway.cdn(kind.cdn, words.cdnUpgrade[kind.cdn]));
    if (kind.proxy === 'nginx' || kind.proxy === 'openresty' || kind.proxy === 'tengine') parts.push(words.badGateway.nginx);
    else if (kind.proxy === 'haproxy') parts.push(words.badGateway.haproxy);
    else if (kind.proxy) parts.push(words.badGateway.proxy(kind.proxy));
    if (parts.length === 0) parts.push(words.badGateway.generic);
  }
  return parts.join('; ');
}

// ---- who answered ------------------------------------------------------------------------------

/**
 * CDN fingerprints in response headers (FACTS.md "Telling which CDN is in the path"):
 * `[provider, header (lower case), test, product?]`. The doctor weighs these together with
 * CNAMEs and address ranges (src/doctor/cdn.ts), which a browser cannot see.
 */
const CDN_HEADERS: ReadonlyArray<readonly [CdnProvider, string, RegExp, string?]> = [
  ['cloudflare', 'server', /^cloudflare$/i],
  ['cloudflare', 'cf-ray', /./],
  ['cloudfront', 'x-amz-cf-id', /./],
  ['cloudfront', 'x-amz-cf-pop', /./],
  ['cloudfront', 'via', /cloudfront\.net/i],
  ['akamai', 'server', /AkamaiGHost/i],
  ['fastly', 'x-served-by', /^cache-/i],
  ['fastly', 'x-timer', /./],
  ['azure', 'x-azure-ref', /./],
  ['alibaba', 'eagleid', /./],
  ['alibaba', 'x-swift-cachetime', /./],
  ['alibaba', 'via', /kunlun/i],
  ['tencent', 'x-nws-log-uuid', /./],
  ['tencent', 'x-cache-lookup', /./],
  ['tencent', 'eo-log-uuid', /./, 'edgeone'],
  ['tencent', 'eo-cache-status', /./, 'edgeone'],
  ['qiniu', 'x-qnm-cache', /./],
  ['qiniu', 'x-reqid', /./],
];

/** One CDN fingerprint found in response headers. */
export interface CdnHeaderMatch {
  provider: CdnProvider;
  /** The header name, lower case. */
  header: string;
  value: string;
  /** The provider's product the header betrays (Tencent EdgeOne's `eo-*` headers: 'edgeone'). */
  product?: string;
}

/**
 * Every CDN fingerprint the headers carry (header names in lower case), in table order.
 *
 * @example
 * cdnHeaderMatches({ 'eo-log-uuid': 'x' }) // [{ provider: 'tencent', header: 'eo-log-uuid', value: 'x', product: 'edgeone' }]
 */
export function cdnHeaderMatches(headers: Readonly<Record<string, string>>): CdnHeaderMatch[] {
  const matches: CdnHeaderMatch[] = [];
  for (const [provider, header, re, product] of CDN_HEADERS) {
    const value = headers[header];
    if (value !== undefined && re.test(value)) matches.push({ provider, header, value, ...(product ? { product } : {}) });
  }
  return matches;
}

/**
 * The CDN whose fingerprints the headers carry most (header names in lower case), or null.
 * (The doctor also weighs CNAMEs and address ranges, which a browser cannot see.)
 */
export function cdnFromHeaders(headers: Readonly<Record<string, string>>): CdnProvider | null {
  const votes = new Map<CdnProvider, number>();
  for (const { provider } of cdnHeaderMatches(headers)) votes.set(provider, (votes.get(provider) ?? 0) + 1);
  let best: CdnProvider | null = null;
  for (const [provider, n] of votes) if (best === null || n > votes.get(best)!) best = provider;
  return best;
}

/**
 * The proxy that wrote an answer, from its `server` header or its stock error page.
 * @example detectProxy({ server: 'nginx/1.24.0' }, '') // 'nginx'
 */
export function detectProxy(headers: Readonly<Record<string, string>>, body = ''): ProxyKind | null {
  const server = headers.server ?? '';
  if (/awselb/i.test(server)) return 'alb';
  if (/openresty/i.test(server)) return 'openresty';
  if (/tengine/i.test(server)) return 'tengine';
  if (/nginx/i.test(server) || /<center>nginx[^<]*<\/center>/i.test(body)) return 'nginx';
  if (/envoy/i.test(server) || headers['x-envoy-upstream-service-time'] !== undefined) return 'envoy';
  if (/caddy/i.test(server)) return 'caddy';
  if (/traefik/i.test(server)) return 'traefik';
  if (/haproxy/i.test(server) || /The server returned an invalid or incomplete response|No server is available to handle this request|The server didn't respond in time/i.test(body)) return 'haproxy';
  return null;
}

/**
 * Why a non-101 answer happened. 400/426 (or a 200 page) mean the request arrived as a plain
 * GET: a hop dropped the Upgrade header (wsgate serve answers 426 to a plain GET on its path).
 *
 * @example
 * rejectionCause(426) // 'upgrade-not-forwarded'
 */
export function rejectionCause(status: number, body = ''): string {
  // HAProxy answers 503 "No server is available" when its backend is down: a gateway failure.
  if (status === 503 && /No server is available to handle this request/i.test(body)) return 'bad-gateway';
  if (status === 400 || status === 426 || (status >= 200 && status < 300)) return 'upgrade-not-forwarded';
  if (status === 502 || status === 504 || (status >= 520 && status <= 526) || status === 530) return 'bad-gateway';
  if (status === 404) return 'not-found';
  if (status === 403) return 'forbidden';
  if (status === 503) return 'unavailable';
  if (status === 405) return 'method-not-allowed';
  return 'other';
}

// ---- the findings ------------------------------------------------------------------------------

// How finding words show data (the doctor's catalog words its other codes with the same).

/** A data field as text: strings and numbers as they are, anything else `fallback`. */
export const dataText = (v: unknown, fallback = '?'): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);
/** Milliseconds as seconds: `1.5 s` under ten seconds, `60 s` above; `?` when not a number. */
export const formatSeconds = (ms: unknown): string => (typeof ms === 'number' ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : '?');
/** The CDN and proxy a finding's data names (`data.cdn`, `data.proxy`), for `remedyFor`. */
export const pathKindOf = (d: PathFindingData): PathKind => ({ cdn: (d.cdn as CdnProvider | undefined) ?? null, proxy: (d.proxy as ProxyKind | undefined) ?? null });
const str = dataText;
const secs = formatSeconds;
const kind = pathKindOf;

const REJECT_CAUSES: Record<string, string> = {
  'upgrade-not-forwarded': 'the Upgrade header never reached a WebSocket server (a proxy forwarded a plain GET)',
  'bad-gateway': 'a proxy or CDN could not reach the WebSocket server behind it',
  'not-found': 'nothing serves this path',
  forbidden: 'refused: a WAF, an access rule or the application said no',
  unavailable: 'the server is draining, overloaded or in maintenance',
  'method-not-allowed': 'the endpoint does not accept GET',
  other: 'the server refused the upgrade',
};

/**
 * Finding codes a client can observe on the path, with the doctor's words.
 *
 * @example
 * PATH_FINDINGS.HANDSHAKE_REJECTED.remedy({ status: 426, cause: 'upgrade-not-forwarded', proxy: 'nginx' })
 */
export const PATH_FINDINGS = {
  TCP_REFUSED: {
    severity: 'error',
    title: 'Connection refused',
    message: (d) => `${str(d.address)}:${str(d.port)} refused the connection (nothing listening, or a firewall rejecting)`,
    remedy: (d) => `start the server or proxy on port ${str(d.port)}, or open the port in the firewall/security group; check the URL's port`,
  },
  HANDSHAKE_TIMEOUT: {
    severity: 'error',
    title: 'Upgrade timed out',
    message: (d) => `the connection opened but no HTTP answer came within ${secs(d.timeoutMs)}`,
    remedy: () => 'something accepts connections but does not speak HTTP back: a hung server, a proxy waiting on a dead upstream (its connect timeout), or a TLS port dialled with ws://',
  },
  HANDSHAKE_REJECTED: {
    severity: 'error',
    title: 'Upgrade rejected',
    message: (d) =>
      `the upgrade got ${str(d.status)}${d.statusText ? ` ${str(d.statusText)}` : ''}: ${REJECT_CAUSES[str(d.cause, 'other')] ?? REJECT_CAUSES.other}${d.cause === 'upgrade-not-forwarded' && d.answeredBy ? ` (answered by ${str(d.answeredBy)})` : ''}`,
    remedy: (d) => {
      switch (d.cause) {
        case 'upgrade-not-forwarded':
          return remedyFor('upgrade-not-forwarded', kind(d));
        case 'bad-gateway':
          return remedyFor('bad-gateway', kind(d));
        case 'not-found':
          return 'check the path (e.g. /api/ws/chat) and that the ingress/proxy routes it to the WebSocket service (Spring Cloud Gateway: a `ws://` or `lb:ws://` route)';
        case 'forbidden':
          return d.cdn ? `check the ${str(d.cdn)} WAF/firewall events for this request, and the token` : 'check the token and any WAF or IP allow-list in front of the server';
        case 'unavailable':
          return 'the server is draining or full: retry after Retry-After; if it persists, check capacity and readiness';
        default:
          return 'check the server and proxy logs for this request';
      }
    },
  },
  AUTH_REJECTED: {
    severity: 'error',
    title: 'Authentication rejected',
    message: (d) =>
      d.closeCode !== undefined
        ? `the server accepted, then closed at once with ${describeCloseCode(Number(d.closeCode))}${d.reason ? ` ("${str(d.reason)}")` : ''}`
        : `the upgrade got ${str(d.status)}: the token was refused`,
    remedy: (d) =>
      d.tokenSource === 'none'
        ? 'the request carried no token: pass one with --token (or ?token= in the URL) the way your clients do'
        : 'the token is missing, invalid or expired: get a fresh one, and check the server\'s token settings (secret, issuer, clock) match the issuer\'s; clients should refresh it once, not retry in a loop',
  },
  CLOSED_AFTER_OPEN: {
    severity: 'error',
    title: 'Closed right after open',
    message: (d) => `the WebSocket opened and then ended after ${str(d.afterMs)} ms with ${describeCloseCode(Number(d.closeCode ?? 1006))}${d.reason ? ` ("${str(d.reason)}")` : ' and no reason'}`,
    remedy: (d) =>
      Number(d.closeCode ?? 1006) === 1006
        ? 'the connection died without a close frame: check the server logs for a crash or an exception on connect, and a proxy that drops upgraded connections (the guide\'s "立即断开 1006")'
        : 'read the close code and reason: the server ended the session on purpose; check its logs',
  },
  NO_PONG: {
    severity: 'error',
    title: 'No pong',
    message: (d) => `the text "ping" got no "pong" within ${secs(d.timeoutMs)}`,
    remedy: () => 'answer the text frame "ping" with "pong" in the server (wsgate serve does), or make clients use the server\'s own heartbeat; messages are not getting through the path if the server does answer',
  },
  IDLE_TIMEOUT: {
    severity: 'warning',
    title: 'Idle connections are cut',
    message: (d) => `a silent connection was cut after ${secs(d.closedAfterMs)} (${describeCloseCode(Number(d.closeCode ?? 1006))})`,
    remedy: (d) => `keep traffic flowing more often than every ${secs(typeof d.closedAfterMs === 'number' ? d.closedAfterMs / 2 : undefined)}, or raise the limit: ${remedyFor('idle', kind(d))}`,
  },
} satisfies Record<string, PathFindingInfo>;

export type PathFindingCode = keyof typeof PATH_FINDINGS;

/** The path findings worded in one language (PATH_FINDINGS in English, PATH_FINDINGS_ZH in Chinese). */
export type PathFindingTable = Record<PathFindingCode, PathFindingInfo>;

/** A worded finding, with the fields of the doctor's JSON report. */
export interface PathFinding {
  code: PathFindingCode;
  severity: PathSeverity;
  message: string;
  remedy: string;
  data: PathFindingData;
}

/**
 * Words a finding with the shared table (English unless another language's table is given).
 *
 * @example
 * explainPathFinding('AUTH_REJECTED', { closeCode: 4401 }).message
 */
export function explainPathFinding(code: PathFindingCode, data: PathFindingData = {}, table: PathFindingTable = PATH_FINDINGS): PathFinding {
  const info: PathFindingInfo = table[code];
  return { code, severity: info.severity, message: info.message(data), remedy: info.remedy(data), data };
}
