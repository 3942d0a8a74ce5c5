/** Step 4, TLS: chain trust, names, expiry and ALPN (wss:// only). */
import type { RawFinding } from '../../findings/index.js';
import type { Check } from '../types.js';

const DAY = 86_400_000;
const EXPIRED = new Set(['CERT_HAS_EXPIRED']);

export const tlsCheck: Check = {
  id: 'tls',
  title: 'TLS',
  dependsOn: ['tcp'],
  async run({ plan, io, facts, options }) {
    if (!plan.secure) return { status: 'skip', findings: [], summary: 'ws:// has no TLS' };
    const address = facts.address!;
    const target = { address, port: plan.port, servername: plan.host, timeoutMs: options.timeoutMs, ...(options.ca !== undefined ? { ca: options.ca } : {}) };
    const r = await io.tls.handshake(target);
    if (!r.ok) return { status: 'fail', findings: [{ code: 'TLS_FAILED', data: { address, port: plan.port, error: r.error.message } }] };
    const findings: RawFinding[] = [];
    const base = { subject: r.cert.subject, issuer: r.cert.issuer, validTo: r.cert.validTo };
    if (!r.authorized) {
      const reason = r.authorizationError ?? 'unknown';
      findings.push(EXPIRED.has(reason) ? { code: 'TLS_EXPIRED', data: { ...base, reason } } : { code: 'TLS_UNTRUSTED', data: { ...base, reason } });
    }
    const expires = Date.parse(r.cert.validTo);
    if (!Number.isNaN(expires) && r.authorized) {
      const days = Math.floor((expires - io.clock.now()) / DAY);
      if (expires < io.clock.now()) findings.push({ code: 'TLS_EXPIRED', data: base });
      else if (days < 14) findings.push({ code: 'TLS_EXPIRING_SOON', data: { ...base, days } });
    }
    if (r.hostnameError) findings.push({ code: 'TLS_HOSTNAME_MISMATCH', data: { host: plan.host, reason: r.hostnameError, altNames: r.cert.altNames.join(', ') } });
    // With --insecure the user asked to look past trust problems: report them, keep going.
    if (options.insecure) for (const f of findings) if (f.code !== 'TLS_EXPIRING_SOON') f.severity = 'warning';
    const hard = findings.some((f) => f.code !== 'TLS_EXPIRING_SOON');
    return {
      status: hard ? (options.insecure ? 'warn' : 'fail') : findings.length ? 'warn' : 'pass',
      findings,
      facts: { tls: { authorized: r.authorized, alpn: r.alpn, protocol: r.protocol, validTo: r.cert.validTo, subject: r.cert.subject } },
      summary: `${r.protocol}${r.alpn ? `, ALPN ${r.alpn}` : ''}, ${r.authorized ? 'trusted' : 'NOT trusted'}, expires ${r.cert.validTo}, ${Math.round(r.ms)} ms`,
    };
  },
};
