/**
 * The hops the doctor and the console tell apart: the CDNs and the proxies. Listed once here;
 * docs/facts.md has what is known about each (idle limits, fingerprints, WebSocket switches).
 */

export type CdnProvider = 'cloudflare' | 'cloudfront' | 'akamai' | 'fastly' | 'azure' | 'alibaba' | 'tencent' | 'qiniu';
export type ProxyKind = 'nginx' | 'haproxy' | 'caddy' | 'alb' | 'envoy' | 'traefik' | 'tengine' | 'openresty';

/** What sits in a path, as far as it is known. */
export interface PathKind {
  cdn?: CdnProvider | null;
  proxy?: ProxyKind | null;
}
