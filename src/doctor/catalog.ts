/**
 * Every doctor finding code, with its severity and the words for it (message and remedy).
 * Checks push `{ code, data }`; this turns them into sentences. `data.cdn` and `data.proxy`
 * (added by the runner from what the path revealed) make remedies specific.
 * The codes a browser can also observe, and the remedies by CDN and proxy (`remedyFor`),
 * are worded once in src/knowledge/path-findings.ts (the web console words them too); they
 * are used here as they are. docs/doctor.md lists the same codes for people.
 */
import { describeCloseCode } from '../protocol/index.js';
import { PATH_FINDINGS, dataText as str, formatSeconds as secs, pathKindOf as kind, remedyFor, type CdnProvider } from '../knowledge/index.js';
import type { Catalog, CodeInfo } from '../findings/index.js';

type D = Record<string, unknown>;

function code(severity: CodeInfo['severity'], title: string, message: (d: D) => string, remedy: (d: D) => string): CodeInfo<D> {
  return { severity, title, message, remedy };
}

export const DOCTOR_CATALOG: Catalog = {
  TOKEN_IN_URL: code(
    'warning',
    'Token in the URL',
    (d) => `the token rides in the query string (?${str(d.param)}=…), where CDNs, proxies and access logs record it`,
    () => 'send it as `Authorization: Bearer` (non-browser clients) or exchange it for a short-lived single-use ticket (wsgate: POST /api/ws/ticket, then ?ticket=); at least keep such logs private and tokens short-lived',
  ),
  PLAINTEXT_WS: code(
    'info',
    'Plain ws://',
    () => 'the URL is ws:// (no TLS): transparent proxies on port 80 may mangle the upgrade, and the traffic is readable',
    () => 'serve wss:// with a certificate (e.g. Let\'s Encrypt) for anything beyond a local test',
  ),
  DNS_FAILED: code(
    'error',
    'DNS lookup failed',
    (d) => `${str(d.host)} did not resolve: ${str(d.error)}`,
    (d) => (d.dnsServer ? `check the record exists on ${str(d.dnsServer)}` : 'check the DNS record exists (nslookup/dig the name) and that this machine can reach its resolver; --dns-server <addr> asks a specific server'),
  ),
  TCP_REFUSED: PATH_FINDINGS.TCP_REFUSED,
  TCP_TIMEOUT: code(
    'error',
    'Connection timed out',
    (d) => `no answer from ${str(d.address)}:${str(d.port)} within ${secs(d.timeoutMs)} (packets dropped: firewall, security group, or a wrong address)`,
    (d) => `open port ${str(d.port)} in the firewall/security group for this client's network, and check the address is the server's (the guide's \`telnet host ${str(d.port)}\`)`,
  ),
  TCP_UNREACHABLE: code(
    'error',
    'Address unreachable',
    (d) => `${str(d.address)}:${str(d.port)} is unreachable: ${str(d.error)}`,
    () => 'check routing to the address (IPv6 without a route is a common cause) and the DNS records',
  ),
  ADDRESS_UNREACHABLE: code(
    'warning',
    'Some addresses fail',
    (d) => `${str(d.failed)} of ${str(d.total)} addresses for the host do not accept connections (${str(d.addresses)}); clients that pick them fail`,
    () => 'remove the dead addresses from DNS (an old A/AAAA record, an IPv6 address the server does not listen on) or make the server listen on them',
  ),
  TLS_FAILED: code(
    'error',
    'TLS handshake failed',
    (d) => `the TLS handshake with ${str(d.address)}:${str(d.port)} failed: ${str(d.error)}`,
    () => 'check the port serves TLS (a plain HTTP port answers garbage to TLS; use ws:// for it) and supports TLS 1.2 or later',
  ),
  TLS_UNTRUSTED: code(
    'error',
    'Certificate not trusted',
    (d) => `the certificate chain is not trusted: ${str(d.reason)} (subject ${str(d.subject)}, issuer ${str(d.issuer)})`,
    () => 'install a certificate from a public CA (e.g. Let\'s Encrypt via cert-manager) with its full chain; for a private CA pass --ca <file>; --insecure checks the rest of the path anyway',
  ),
  TLS_EXPIRED: code(
    'error',
    'Certificate expired',
    (d) => `the certificate expired on ${str(d.validTo)}`,
    () => 'renew it (cert-manager: check the Certificate and its issuer; certbot: `certbot renew`) and reload the server or ingress',
  ),
  TLS_EXPIRING_SOON: code(
    'warning',
    'Certificate expires soon',
    (d) => `the certificate expires on ${str(d.validTo)} (in ${str(d.days)} days)`,
    () => 'check automatic renewal works before it lapses',
  ),
  TLS_HOSTNAME_MISMATCH: code(
    'error',
    'Certificate name mismatch',
    (d) => `the certificate does not cover ${str(d.host)}: ${str(d.reason)} (names: ${str(d.altNames, 'none')})`,
    (d) => `issue a certificate whose subjectAltName includes ${str(d.host)} (for an ingress: add the host to spec.tls[].hosts)`,
  ),
  HANDSHAKE_TIMEOUT: PATH_FINDINGS.HANDSHAKE_TIMEOUT,
  HANDSHAKE_NO_RESPONSE: code(
    'error',
    'Connection closed during upgrade',
    (d) => `the connection was closed before any HTTP answer (${str(d.error)})`,
    () => 'the server or a proxy drops the request: check its logs; a TLS-only port dialled with ws:// (or the reverse) does this too',
  ),
  HANDSHAKE_NOT_HTTP: code(
    'error',
    'Not an HTTP answer',
    (d) => `the server answered the upgrade with something that is not HTTP (${str(d.detail)})`,
    (d) => `check the port: ${d.secure ? 'a non-TLS' : 'a TLS (use wss://) or non-HTTP'} service is listening there (a wss:// port dialled with ws:// answers with TLS bytes)`,
  ),
  HEARTBEAT_OVER_CDN_LIMIT: code(
    'warning',
    'Heartbeat slower than the known idle limit',
    (d) => `the server's heartbeat every ${secs(d.heartbeatIntervalMs)} is not under ${str(d.hop)}'s known idle limit of ${secs(d.limitMs)}${d.note ? ` (${str(d.note)})` : ''}: quiet connections will drop`,
    (d) => `set the server heartbeat well under ${secs(d.limitMs)} (wsgate serve --ping-interval ${Math.max(1, Math.floor(Number(d.limitMs) / 2000))}s), or raise the limit: ${remedyFor('idle', kind(d))}; run with --idle to measure the real cut`,
  ),
  HANDSHAKE_REDIRECT: code(
    'error',
    'Upgrade redirected',
    (d) => `the upgrade got ${str(d.status)} → ${str(d.location, '(no Location)')}; WebSocket clients do not follow redirects`,
    (d) => `connect to the final URL directly${d.location ? ` (${str(d.location)})` : ''}, or stop redirecting this path (an http→https redirect or a missing trailing slash are the usual causes)`,
  ),
  HANDSHAKE_REJECTED: PATH_FINDINGS.HANDSHAKE_REJECTED,
  FALLBACK_WORKS: PATH_FINDINGS.FALLBACK_WORKS,
  FALLBACK_BUFFERED: PATH_FINDINGS.FALLBACK_BUFFERED,
  FALLBACK_UNAVAILABLE: PATH_FINDINGS.FALLBACK_UNAVAILABLE,
  HANDSHAKE_INVALID_ACCEPT: code(
    'error',
    'Bad Sec-WebSocket-Accept',
    (d) => `the 101 answer ${d.accept ? `carries Sec-WebSocket-Accept "${str(d.accept)}", not the value for the key sent` : 'lacks Sec-WebSocket-Accept'}${d.upgradeHeader !== undefined ? ` (Upgrade: ${str(d.upgradeHeader, 'missing')})` : ''}; clients reject it (RFC 6455 §4.2.2)`,
    () => 'a middlebox answers or rewrites the handshake: let the WebSocket server answer the upgrade itself and pass its headers through unchanged',
  ),
  AUTH_REJECTED: PATH_FINDINGS.AUTH_REJECTED,
  CLOSED_AFTER_OPEN: PATH_FINDINGS.CLOSED_AFTER_OPEN,
  NO_HELLO: code(
    'info',
    'No hello frame',
    () => 'the server sent no wsgate hello frame after open (not a wsgate server, or an older protocol), so its heartbeat interval is unknown',
    () => 'nothing to do for a non-wsgate server; the app and heartbeat checks rely on ping/pong only',
  ),
  NO_PONG: PATH_FINDINGS.NO_PONG,
  IDLE_TIMEOUT: PATH_FINDINGS.IDLE_TIMEOUT,
  HEARTBEAT_INSUFFICIENT: code(
    'error',
    'Heartbeat too slow for the path',
    (d) => `the server's heartbeat every ${secs(d.heartbeatIntervalMs)} would not beat the path's idle cut at ${secs(d.closedAfterMs)}: quiet connections will drop`,
    (d) => `set the server heartbeat under half the cut (wsgate serve --ping-interval ${Math.max(1, Math.floor(Number(d.closedAfterMs) / 2000))}s or less), or raise the limit: ${remedyFor('idle', kind(d))}`,
  ),
  LIFETIME_LIMIT: code(
    'error',
    'Connections cut even with a heartbeat',
    (d) => `a connection sending a heartbeat every ${secs(d.heartbeatIntervalMs)} was still cut after ${secs(d.closedAfterMs)}: the path limits connection lifetime, not idleness`,
    () => 'a hop cuts WebSockets whether idle or not (GCP classic load balancer backend timeout, a max-lifetime setting, Azure Front Door\'s 4 h): raise that timeout, and make clients reconnect with jittered backoff',
  ),
  CDN_DETECTED: code(
    'info',
    'CDN in the path',
    (d) => `${str(d.provider)}${d.product ? ` (${str(d.product)})` : ''} is in the path: ${Array.isArray(d.evidence) ? d.evidence.join('; ') : ''}`,
    (d) => `${remedyFor('idle', { cdn: d.provider as CdnProvider })}. To rule the CDN in or out, run again with --origin <origin-ip> (the guide's hosts-file test)`,
  ),
  CDN_PATH_BROKEN: code(
    'error',
    'The CDN path fails, the origin works',
    (d) => `straight to the origin (${str(d.origin)}) everything passes, but through ${d.cdn ? str(d.cdn) : 'the normal path'} it fails (${Array.isArray(d.codes) ? d.codes.join(', ') : ''})`,
    (d) => (d.cdn ? `the problem is in the CDN configuration: ${remedyFor('upgrade-not-forwarded', { cdn: d.cdn as CdnProvider })}` : 'the problem is between the client and the origin (CDN, DNS or a proxy in front): compare the two reports; or serve WebSockets from a separate DNS-only host'),
  ),
  ORIGIN_PATH_BROKEN: code(
    'info',
    'The origin path fails',
    (d) =>
      d.mainOk
        ? `straight to the origin (${str(d.origin)}) it fails (${Array.isArray(d.codes) ? d.codes.join(', ') : ''}) while the normal path works`
        : `straight to the origin (${str(d.origin)}) it fails as well (${Array.isArray(d.codes) ? d.codes.join(', ') : ''}): the CDN is not the (only) problem`,
    (d) =>
      d.mainOk
        ? 'fine if the origin only accepts the CDN\'s addresses (a good practice); otherwise check --origin points at the origin and its port'
        : 'fix the origin first (see the origin report), then test the CDN path again',
  ),
  CHECK_CRASHED: code(
    'error',
    'A check crashed',
    (d) => `a doctor check failed with an internal error: ${str(d.error)}`,
    () => 'this is a wsgate bug: report it with the command line (token removed) and WSGATE_DEBUG=1 output',
  ),
};

/** All doctor codes, for docs and exhaustive tests. */
export const DOCTOR_CODES: readonly string[] = Object.keys(DOCTOR_CATALOG);
