/**
 * Who answered: the CDN fingerprints in response headers and the proxy's own `server` header or
 * stock error page (docs/facts.md "Telling which CDN is in the path"). What a browser can see
 * too; the doctor adds CNAMEs and address ranges (src/doctor/cdn.ts).
 */
import type { CdnProvider, ProxyKind } from './hops.js';

/**
 * CDN fingerprints in response headers: `[provider, header (lower case), test, product?]`.
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
