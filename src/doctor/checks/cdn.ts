/** Step 6, the CDN fingerprint: CNAME suffixes, response headers, shipped IP ranges. */
import { detectCdn } from '../cdn.js';
import type { Check } from '../types.js';

export const cdnCheck: Check = {
  id: 'cdn',
  title: 'CDN fingerprint',
  dependsOn: ['dns'],
  reads: ['upgrade'],
  async run({ facts }) {
    const cdn = detectCdn({ cnames: facts.cnames ?? [], headers: facts.upgrade?.headers ?? {}, addresses: facts.addresses ?? [] });
    const proxy = facts.proxy ? `; proxy: ${facts.proxy}` : '';
    if (!cdn.provider) return { status: 'pass', findings: [], facts: { cdn }, summary: `no CDN seen${proxy}` };
    return {
      status: 'pass',
      findings: [{ code: 'CDN_DETECTED', data: { provider: cdn.provider, evidence: cdn.evidence, ...(cdn.product ? { product: cdn.product } : {}) } }],
      facts: { cdn },
      summary: `${cdn.provider}${cdn.product ? ` (${cdn.product})` : ''}: ${cdn.evidence.join('; ')}${proxy}`,
    };
  },
};
