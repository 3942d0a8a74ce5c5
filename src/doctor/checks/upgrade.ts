/**
 * Step 5, the HTTP upgrade over a raw socket, as the guide's curl test does: the exact
 * status, headers and Sec-WebSocket-Accept, and what a refusal means (`rejectionCause`, shared
 * with the web console in src/knowledge/).
 */
import type { RawFinding } from '../../findings/index.js';
import { detectProxy, rejectionCause } from '../../knowledge/index.js';
import { detectCdn } from '../cdn.js';
import type { Check, DoctorOptions, Facts, PathTarget } from '../types.js';
import { isSecretHeader, REDACTED, redactHead, secretsOf } from '../redact.js';
import { pathTarget } from './target.js';

/** The handshake for the support bundle, credentials masked at the source. */
function handshakeFact(target: PathTarget, raw: { request: string; response?: string } | undefined, options: DoctorOptions): Facts['handshake'] {
  if (!raw) return undefined;
  const secrets = secretsOf(options);
  return {
    target: `${target.address}:${target.port}`,
    request: redactHead(raw.request, secrets),
    ...(raw.response !== undefined ? { response: redactHead(raw.response, secrets) } : {}),
  };
}

export const upgradeCheck: Check = {
  id: 'upgrade',
  title: 'HTTP upgrade',
  dependsOn: ['tcp', 'tls'],
  async run(ctx) {
    const { io, options } = ctx;
    const target = pathTarget(ctx);
    const r = await io.http.upgrade(target, options.timeoutMs);
    const handshake = handshakeFact(target, r.raw, options);
    if (!r.ok) {
      const timedOut = r.error.code === 'TIMEOUT' || r.error.code === 'ETIMEDOUT';
      const code = timedOut ? 'HANDSHAKE_TIMEOUT' : r.error.code === 'BAD_RESPONSE' ? 'HANDSHAKE_NOT_HTTP' : 'HANDSHAKE_NO_RESPONSE';
      return {
        status: 'fail',
        findings: [{ code, data: { timeoutMs: options.timeoutMs, error: r.error.code, detail: r.error.message, secure: ctx.plan.secure } }],
        summary: timedOut ? `no answer in ${options.timeoutMs} ms` : r.error.message,
        ...(handshake ? { facts: { handshake } } : {}),
      };
    }
    const proxy = detectProxy(r.headers, r.body);
    // Set-Cookie and the like stay out of reports (src/doctor/redact.ts).
    const shown = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, isSecretHeader(k) ? REDACTED : v]));
    const facts = { upgrade: { status: r.status, headers: shown, body: r.body.slice(0, 512), acceptValid: r.acceptValid }, ...(proxy ? { proxy } : {}), ...(handshake ? { handshake } : {}) };
    const summary = `${r.status}${r.statusText ? ` ${r.statusText}` : ''} in ${Math.round(r.ms)} ms${r.headers.server ? ` (server: ${r.headers.server})` : ''}`;
    const findings: RawFinding[] = [];
    if (r.status === 101) {
      const upgradeHeader = r.headers.upgrade;
      if (!r.acceptValid || !upgradeHeader || upgradeHeader.toLowerCase() !== 'websocket') {
        findings.push({ code: 'HANDSHAKE_INVALID_ACCEPT', data: { accept: r.headers['sec-websocket-accept'], upgradeHeader: upgradeHeader ?? null } });
        return { status: 'fail', findings, facts, summary };
      }
      return { status: 'pass', findings, facts, summary };
    }
    if (r.status >= 300 && r.status < 400) {
      findings.push({ code: 'HANDSHAKE_REDIRECT', data: { status: r.status, location: r.headers.location } });
    } else if (r.status !== 401) {
      // 401 is the auth check's to report (AUTH_REJECTED).
      const cdn = detectCdn({ headers: r.headers }).provider;
      const answeredBy = cdn ?? proxy ?? r.headers.server;
      findings.push({ code: 'HANDSHAKE_REJECTED', data: { status: r.status, statusText: r.statusText, cause: rejectionCause(r.status, r.body), ...(answeredBy ? { answeredBy } : {}) } });
    }
    return { status: 'fail', findings, facts, summary };
  },
};
