/**
 * Telling which CDN answered: CNAME suffixes and shipped IP ranges (docs/facts.md "Telling
 * which CDN is in the path"), weighed with the response-header fingerprints the web console
 * uses too (`cdnHeaderMatches` in src/knowledge/fingerprints.ts, which also holds
 * `detectProxy`, the proxy's own fingerprints). Pure functions over what the probes saw.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { cdnHeaderMatches } from '../knowledge/index.js';
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CLOUDFLARE_RANGES_AS_OF } from './data/cloudflare-ranges.js';
import type { CdnInfo, CdnProvider } from './types.js';

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
  for (const match of cdnHeaderMatches(input.headers ?? {})) {
    vote(match.provider, `header ${match.header}: ${match.value.slice(0, 60)}`);
    if (match.product) product = match.product;
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
