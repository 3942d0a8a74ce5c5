/**
 * What to change, by what sits in the path: the remedies for an upgrade that never arrives, a
 * gateway that cannot reach the server, and idle cuts, specific to each CDN and proxy
 * (docs/facts.md "Idle and lifetime limits on the path"). Remedies are plain text; backtick
 * spans are code.
 */
import type { CdnProvider, PathKind, ProxyKind } from './hops.js';

export type RemedyTopic = 'upgrade-not-forwarded' | 'bad-gateway' | 'idle' | 'sse-compression' | 'sse-buffering';

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

/** What holds an SSE stream back, by proxy (docs/sse-through-proxies.md). */
const NGINX_SSE_COMPRESSION =
  'nginx: take `text/event-stream` out of `gzip_types` (or `gzip off;` in the WebSocket location): with buffering on, nginx compresses into a buffer and sends it when full. wsgate sends `Cache-Control: no-transform`; nginx does not honour it';
const GENERIC_SSE_COMPRESSION =
  'turn compression off for `text/event-stream` responses on this path: a compressing hop holds events until its buffer fills. wsgate sends `Cache-Control: no-transform`; this hop ignores it';
const NGINX_SSE_BUFFERING =
  'nginx: `proxy_buffering off;` in the WebSocket location, and do not drop the `X-Accel-Buffering: no` that wsgate sends (no `proxy_ignore_headers X-Accel-Buffering`)';
const GENERIC_SSE_BUFFERING =
  'turn response buffering off for this path on the proxy or CDN: it must pass a streamed response on as it arrives (wsgate sends `X-Accel-Buffering: no` and `Cache-Control: no-cache, no-transform`)';
const NGINX_LIKE: ReadonlySet<ProxyKind> = new Set(['nginx', 'openresty', 'tengine']);

const GENERIC_UPGRADE =
  'make every hop forward the Upgrade and Connection headers over HTTP/1.1 (nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`; ingress-nginx does it by itself)';
const GENERIC_IDLE =
  'have the server send a heartbeat at well under half the measured cut, or raise the idle timeout on the hop that cuts (nginx `proxy_read_timeout`, ingress-nginx `proxy-read-timeout` annotation, HAProxy `timeout tunnel`, ALB `idle_timeout.timeout_seconds`)';

/** The remedy words by topic, CDN and proxy, in one language (English here; remedies.zh-CN.ts in Chinese). */
export interface RemedyWords {
  cdnUpgrade: Record<CdnProvider, string>;
  cdnIdle: Record<CdnProvider, string>;
  proxyUpgrade: Partial<Record<ProxyKind, string>>;
  proxyIdle: Partial<Record<ProxyKind, string>>;
  genericUpgrade: string;
  genericIdle: string;
  /** What holds an SSE stream back: compression or buffering, on nginx or another hop. */
  sse: { nginxCompression: string; genericCompression: string; nginxBuffering: string; genericBuffering: string };
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
  sse: { nginxCompression: NGINX_SSE_COMPRESSION, genericCompression: GENERIC_SSE_COMPRESSION, nginxBuffering: NGINX_SSE_BUFFERING, genericBuffering: GENERIC_SSE_BUFFERING },
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
  if (topic === 'sse-compression' || topic === 'sse-buffering') {
    const nginx = kind.proxy ? NGINX_LIKE.has(kind.proxy) : false;
    if (topic === 'sse-compression') parts.push(nginx ? words.sse.nginxCompression : words.sse.genericCompression);
    else parts.push(nginx ? words.sse.nginxBuffering : words.sse.genericBuffering);
  } else if (topic === 'upgrade-not-forwarded') {
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
