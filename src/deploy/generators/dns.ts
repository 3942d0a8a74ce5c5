/**
 * The DNS record plan the guide recommends: the site (apex and www) through the CDN, and the
 * WebSocket host DNS-only, straight to the origin, so no CDN idle limit or WebSocket switch
 * stands between the client and the ingress.
 */
import { siteDomain, type DeployOptions } from '../options.js';
import { displayWidth, padDisplay } from '../../findings/index.js';
import type { Lang } from '../../i18n/index.js';
import { DEPLOY_COMMENTS, commentsFor } from './comments.js';
import type { GeneratedFile } from './types.js';

export interface DnsRecord {
  name: string;
  type: 'A' | 'AAAA' | 'CNAME';
  value: string;
  ttl: number;
  /** Through the CDN (Cloudflare: orange cloud) or DNS only (grey cloud). */
  proxied: boolean;
  why: string;
}

export function dnsPlan(o: DeployOptions): DnsRecord[] {
  const domain = siteDomain(o.host);
  const isIpv6 = o.originIp.includes(':');
  const site = o.cdnTarget ?? o.originIp;
  const siteType = o.cdnTarget ? 'CNAME' : isIpv6 ? 'AAAA' : 'A';
  const records: DnsRecord[] = [];
  const why = commentsFor(o).dnsWhy;
  if (o.host !== domain) {
    records.push(
      { name: domain, type: siteType, value: site, ttl: 600, proxied: true, why: why.site },
      { name: `www.${domain}`, type: 'CNAME', value: domain, ttl: 600, proxied: true, why: why.site },
    );
  }
  records.push({ name: o.host, type: isIpv6 ? 'AAAA' : 'A', value: o.originIp, ttl: 600, proxied: false, why: why.ws });
  return records;
}

export function renderDnsPlan(records: readonly DnsRecord[], lang: Lang = 'en'): string {
  const say = DEPLOY_COMMENTS[lang];
  const rows = [[...say.dnsColumns], ...records.map((r) => [r.name, r.type, r.value, String(r.ttl), r.proxied ? say.dnsProxy.proxied : say.dnsProxy.dnsOnly, r.why])];
  // Display width, not length: CJK characters take two columns.
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : padDisplay(c, widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function generateDns(o: DeployOptions): GeneratedFile[] {
  const say = commentsFor(o);
  const notes = ['', ...say.dnsNotes(o.host, o.originIp)].join('\n');
  return [{ path: 'dns.txt', content: renderDnsPlan(dnsPlan(o), o.lang) + notes + '\n', description: say.description.dns }];
}
