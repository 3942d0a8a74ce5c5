/**
 * The DNS record plan the guide recommends: the site (apex and www) through the CDN, and the
 * WebSocket host DNS-only, straight to the origin, so no CDN idle limit or WebSocket switch
 * stands between the client and the ingress.
 */
import { siteDomain, type DeployOptions } from '../options.js';
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
  if (o.host !== domain) {
    records.push(
      { name: domain, type: siteType, value: site, ttl: 600, proxied: true, why: 'the site, through the CDN' },
      { name: `www.${domain}`, type: 'CNAME', value: domain, ttl: 600, proxied: true, why: 'the site, through the CDN' },
    );
  }
  records.push({ name: o.host, type: isIpv6 ? 'AAAA' : 'A', value: o.originIp, ttl: 600, proxied: false, why: 'WebSocket: DNS only, straight to the origin ingress' });
  return records;
}

export function renderDnsPlan(records: readonly DnsRecord[]): string {
  const rows = [['name', 'type', 'value', 'ttl', 'proxy', 'why'], ...records.map((r) => [r.name, r.type, r.value, String(r.ttl), r.proxied ? 'proxied (CDN)' : 'DNS only', r.why])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function generateDns(o: DeployOptions): GeneratedFile[] {
  const notes = [
    '',
    `Cloudflare: the ${o.host} record must show the grey cloud (DNS only).`,
    `Check: dig +short ${o.host} must print ${o.originIp}, not a CDN address.`,
    `Open TCP 443 (and 80 for the ACME HTTP-01 challenge) to ${o.originIp} in the firewall / security group.`,
  ].join('\n');
  return [{ path: 'dns.txt', content: renderDnsPlan(dnsPlan(o)) + notes + '\n', description: 'DNS record plan' }];
}
