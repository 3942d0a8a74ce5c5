/** Step 2, DNS: A/AAAA and the CNAME chain (which often names the CDN), or the pinned address. */
import { isIP } from 'node:net';
import type { Check } from '../types.js';

export const dnsCheck: Check = {
  id: 'dns',
  title: 'DNS',
  dependsOn: ['url'],
  async run({ plan, io, options }) {
    if (plan.pinned) {
      return { status: 'pass', findings: [], facts: { addresses: plan.pinned, cnames: [] }, summary: `pinned to ${plan.pinned.join(', ')} (${plan.pinnedBy ?? '--resolve'}, no DNS lookup)` };
    }
    if (isIP(plan.host)) return { status: 'pass', findings: [], facts: { addresses: [plan.host], cnames: [] }, summary: 'IP address, no lookup' };
    try {
      const answer = await io.dns.resolve(plan.host, options.timeoutMs);
      if (answer.addresses.length === 0) {
        return { status: 'fail', findings: [{ code: 'DNS_FAILED', data: { host: plan.host, error: 'no A or AAAA records', cnames: answer.cnames, dnsServer: options.dnsServer } }], facts: { cnames: answer.cnames } };
      }
      const chain = answer.cnames.length > 0 ? `${[plan.host, ...answer.cnames].join(' → ')} → ` : '';
      return { status: 'pass', findings: [], facts: { addresses: answer.addresses, cnames: answer.cnames }, summary: `${chain}${answer.addresses.join(', ')}` };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { status: 'fail', findings: [{ code: 'DNS_FAILED', data: { host: plan.host, error: e.code ?? e.message ?? String(err), dnsServer: options.dnsServer } }] };
    }
  },
};
