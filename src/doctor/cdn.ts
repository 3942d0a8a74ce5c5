/**
 * Telling which CDN and which proxy answered: CNAME suffixes, response headers, shipped IP
 * ranges (FACTS.md "Telling which CDN is in the path"), and the proxy's own fingerprints
 * (server header, stock error pages). Pure functions over what the probes saw.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CLOUDFLARE_RANGES_AS_OF } from './data/cloudflare-ranges.js';
import type { CdnInfo, CdnProvider, ProxyKind } from './types.js';

/** CNAME suffixes per provider. The Chinese CDNs' come from community lists only. */
const CNAME_SUFFIXES: Array<[CdnProvider, RegExp]> = [
  ['cloudflare', /(^|\.)(cdn\.)?cloudflare\.net\.?$/i],
  ['cloudfront', /(^|\.)cloudfront\.net\.?$/i],
  ['akamai', /(^|\.)(akamaiedge\.net|edgekey\.net|edgesuite\.net|akamaized\.net)\.?$/i],
  ['fastly', /(^|\.)(fastly\.net|fastlylb\.net)\.?$/i],
  ['azure', /(^|\.)(azurefd\.net|azureedge\.net|msecnd\.net)\.?$/i],
  ['alibaba', /(^|\.)(kunlun[a-z0-9]*\.com|alikunlun\.com|cdngslb\.com)\.?$/i],
  ['tencent', /(^|\.)(cdn\.dnsv1\.com|dnsv1\.com|tdnsv5\.com|cdntip\.com|eo\.dnse\d\.com)\.?$/i],
  ['qiniu', /(^|\.)(qiniudns\.com|qbox\.me)\.?$/i],
];

/** Header tests per provider: `[provider, header, test, product?]`. */
const HEADER_TESTS: Array<[CdnProvider, string, RegExp, string?]> = [
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

let cloudflareList: BlockList | undefined;
function cloudflareBlockList(): BlockList {
  if (cloudflareList) return cloudflareList;
  const list = new BlockList();
  for (const cidr of CLOUDFLARE_IPV4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net!, Number(bits), 'ipv4');
  }
  for (const cidr of CLOUDFLARE_IPV6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net!, Number(bits), 'ipv6');
  }
  cloudflareList = list;
  return list;
}

/** Whether an address is in Cloudflare's shipped ranges. */
export function isCloudflareAddress(address: string): boolean {
  if (isIPv4(address)) return cloudflareBlockList().check(address, 'ipv4');
  if (isIPv6(address)) return cloudflareBlockList().check(address, 'ipv6');
  return false;
}

export interface CdnEvidenceInput {
  cnames?: readonly string[];
  headers?: Readonly<Record<string, string>>;
  addresses?: readonly string[];
}

/**
 * The CDN in front of the URL, with every piece of evidence found. The provider is the one
 * with the most evidence (CNAME first on a tie), or null.
 *
 * @example
 * detectCdn({ cnames: ['ws.example.com', 'ws.example.com.cdn.cloudflare.net'] }).provider // 'cloudflare'
 */
export function detectCdn(input: CdnEvidenceInput): CdnInfo {
  const votes = new Map<CdnProvider, string[]>();
  const vote = (p: CdnProvider, why: string): void => {
    votes.set(p, [...(votes.get(p) ?? []), why]);
  };
  let product: string | undefined;
  for (const name of input.cnames ?? []) {
    for (const [provider, re] of CNAME_SUFFIXES) if (re.test(name)) vote(provider, `CNAME ${name}`);
  }
  for (const [provider, header, re, prod] of HEADER_TESTS) {
    const value = input.headers?.[header];
    if (value !== undefined && re.test(value)) {
      vote(provider, `header ${header}: ${value.slice(0, 60)}`);
      if (prod) product = prod;
    }
  }
  for (const address of input.addresses ?? []) {
    if (isCloudflareAddress(address)) vote('cloudflare', `address ${address} is in Cloudflare's ranges (list of ${CLOUDFLARE_RANGES_AS_OF})`);
  }
  let best: CdnProvider | null = null;
  for (const [provider, evidence] of votes) if (best === null || evidence.length > votes.get(best)!.length) best = provider;
  const info: CdnInfo = { provider: best, evidence: best ? votes.get(best)! : [] };
  if (best === 'tencent' && product) info.product = product;
  return info;
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
