/**
 * The real I/O behind the doctor: node:dns (with --dns-server), node:net, node:tls, a raw
 * HTTP upgrade over a socket, `ws` for the application steps, and the SSE fallback probe. Every operation is bounded
 * by its timeout and releases its socket.
 */
import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';
import { connect as netConnect, isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { DnsAnswer, DoctorIO, PathTarget, ProgressEvent, TcpResult, TlsResult, UpgradeResult } from '../types.js';
import { loopLag } from './loop-lag.js';
import { probeError } from './probe-error.js';
import { wsOpen } from './ws-session.js';
import { buildUpgradeRequest, expectedAccept, newKey, parseResponseHead } from './upgrade-request.js';
import { caList, dial, now } from './dial.js';
import { sseProbe } from './sse-probe.js';

// ---- DNS -------------------------------------------------------------------------------------

/** Follows the CNAME chain hop by hop (it names the CDN: docs/facts.md); stops at the first non-CNAME. */
async function cnameChain(resolver: Resolver, host: string, found: string[]): Promise<string[]> {
  let name = host;
  for (let hop = 0; hop < 10; hop++) {
    try {
      const [target] = await resolver.resolveCname(name);
      if (!target || found.includes(target)) break;
      found.push(target);
      name = target;
    } catch {
      break;
    }
  }
  return found;
}

/** Extra time the CNAME walk may take once the addresses are known (system resolver only). */
const CNAME_GRACE_MS = 1500;

async function resolveWith(host: string, timeoutMs: number, dnsServer?: string): Promise<DnsAnswer> {
  const resolver = new Resolver({ timeout: Math.max(100, Math.min(timeoutMs, 5000)), tries: 2 });
  if (dnsServer) resolver.setServers([dnsServer]);
  const cnames: string[] = [];
  const walk = cnameChain(resolver, host, cnames);
  if (!dnsServer) {
    // getaddrinfo (hosts file, nsswitch) decides the addresses, as for every other client; the
    // CNAME walk is best effort: the configured servers may be unreachable while lookup works.
    const all = await lookup(host, { all: true, verbatim: true });
    const v4 = all.filter((a) => a.family === 4).map((a) => a.address);
    const v6 = all.filter((a) => a.family === 6).map((a) => a.address);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([walk, new Promise((r) => (grace = setTimeout(r, CNAME_GRACE_MS)))]);
    clearTimeout(grace);
    resolver.cancel();
    return { cnames: [...cnames], addresses: [...new Set([...v4, ...v6])] };
  }
  await walk;
  const settle = async (p: Promise<string[]>): Promise<{ ok: string[]; err?: { code?: string } }> => p.then((ok) => ({ ok }), (err: { code?: string }) => ({ ok: [], err }));
  const [v4, v6] = await Promise.all([settle(resolver.resolve4(host)), settle(resolver.resolve6(host))]);
  if (v4.ok.length === 0 && v6.ok.length === 0) {
    const err = v4.err ?? v6.err;
    if (err && err.code !== 'ENODATA') throw err;
  }
  return { cnames, addresses: [...v4.ok, ...v6.ok] };
}

// ---- TCP -------------------------------------------------------------------------------------

function tcpConnect(address: string, port: number, timeoutMs: number): Promise<TcpResult> {
  const start = now();
  return new Promise((resolve) => {
    const sock = netConnect({ host: address, port });
    const done = (r: TcpResult): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, ms: now() - start, error: { code: 'ETIMEDOUT', message: `no answer in ${timeoutMs} ms` } }), timeoutMs);
    sock.once('connect', () => done({ ok: true, ms: now() - start }));
    sock.once('error', (err) => done({ ok: false, ms: now() - start, error: probeError(err) }));
  });
}

// ---- TLS -------------------------------------------------------------------------------------

function certSummary(cert: PeerCertificate): { subject: string; issuer: string; altNames: string[]; validFrom: string; validTo: string } {
  const altNames = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const name = (o: unknown): string => {
    const rec = (o ?? {}) as Record<string, string | string[]>;
    const cn = rec.CN;
    const org = rec.O;
    return [Array.isArray(cn) ? cn.join('/') : cn, Array.isArray(org) ? org.join('/') : org].filter(Boolean).join(', ') || '?';
  };
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    altNames,
    validFrom: cert.valid_from ? new Date(cert.valid_from).toISOString() : '?',
    validTo: cert.valid_to ? new Date(cert.valid_to).toISOString() : '?',
  };
}

function tlsHandshake(t: { address: string; port: number; servername: string; ca?: string; timeoutMs: number }): Promise<TlsResult> {
  const start = now();
  return new Promise((resolve) => {
    const ca = caList(t.ca);
    const sock: TLSSocket = tlsConnect({
      host: t.address,
      port: t.port,
      ...(isIP(t.servername) ? {} : { servername: t.servername }),
      rejectUnauthorized: false,
      ALPNProtocols: ['h2', 'http/1.1'],
      ...(ca ? { ca } : {}),
    });
    const done = (r: TlsResult): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, ms: now() - start, error: { code: 'ETIMEDOUT', message: `no TLS answer in ${t.timeoutMs} ms` } }), t.timeoutMs);
    sock.once('secureConnect', () => {
      const cert = sock.getPeerCertificate();
      const identity = checkServerIdentity(t.servername, cert);
      // Node folds a name mismatch into authorizationError; the chain itself may be fine, and
      // the name is judged separately (hostnameError).
      const reason = sock.authorizationError ? String((sock.authorizationError as unknown as { code?: string }).code ?? sock.authorizationError) : undefined;
      const chainOk = sock.authorized || reason === 'ERR_TLS_CERT_ALTNAME_INVALID';
      const r: TlsResult = {
        ok: true,
        ms: now() - start,
        authorized: chainOk,
        hostnameError: identity ? identity.message : null,
        protocol: sock.getProtocol() ?? '?',
        alpn: typeof sock.alpnProtocol === 'string' ? sock.alpnProtocol : null,
        cert: certSummary(cert),
      };
      if (!chainOk && reason) r.authorizationError = reason;
      done(r);
    });
    sock.once('error', (err) => done({ ok: false, ms: now() - start, error: probeError(err) }));
  });
}

// ---- raw upgrade -----------------------------------------------------------------------------

const BODY_BYTES = 2048;
const BODY_WAIT_MS = 300;

function rawUpgrade(target: PathTarget, timeoutMs: number): Promise<UpgradeResult> {
  const start = now();
  const key = newKey();
  const request = buildUpgradeRequest({ path: target.path, hostHeader: target.hostHeader, key, headers: target.headers });
  const requestHead = request.slice(0, -4);
  return new Promise((resolve) => {
    const sock = dial(target);
    let buf = Buffer.alloc(0);
    let head: ReturnType<typeof parseResponseHead> = null;
    let settled = false;
    let bodyTimer: NodeJS.Timeout | undefined;
    const finish = (r: UpgradeResult): void => {
      if (settled) return;
      settled = true;
      if (!r.ok) r.raw = { request: requestHead };
      clearTimeout(timer);
      clearTimeout(bodyTimer);
      sock.destroy();
      resolve(r);
    };
    const answer = (): void => {
      if (!head) return;
      finish({
        ok: true,
        ms: headMs,
        status: head.status,
        statusText: head.statusText,
        headers: head.headers,
        body: head.status === 101 ? '' : head.rest.subarray(0, BODY_BYTES).toString('utf8'),
        acceptValid: head.headers['sec-websocket-accept'] === expectedAccept(key),
        raw: { request: requestHead, response: buf.subarray(0, buf.indexOf('\r\n\r\n')).toString('latin1') },
      });
    };
    let headMs = 0;
    const timer = setTimeout(() => finish({ ok: false, ms: now() - start, error: { code: 'TIMEOUT', message: `no HTTP answer in ${timeoutMs} ms` } }), timeoutMs);
    sock.once(target.secure ? 'secureConnect' : 'connect', () => {
      sock.write(request);
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!head) {
        try {
          head = parseResponseHead(buf);
        } catch (err) {
          finish({ ok: false, ms: now() - start, error: { code: 'BAD_RESPONSE', message: (err as Error).message } });
          return;
        }
        if (!head) {
          if (buf.length > 65_536) finish({ ok: false, ms: now() - start, error: { code: 'BAD_RESPONSE', message: 'response head larger than 64 KiB' } });
          return;
        }
        headMs = now() - start;
        // A 101 is complete at the head; an error page is read briefly to name the proxy.
        if (head.status === 101) return answer();
        bodyTimer = setTimeout(answer, BODY_WAIT_MS);
      } else {
        head.rest = Buffer.concat([head.rest, chunk]);
      }
      // Done once the body is all here (keep-alive servers leave the socket open) or enough to read.
      const length = Number(head.headers['content-length']);
      if (head.rest.length >= BODY_BYTES || (Number.isFinite(length) && head.rest.length >= length)) answer();
    });
    sock.once('end', () => (head ? answer() : finish({ ok: false, ms: now() - start, error: { code: 'ECONNRESET', message: 'connection closed before an HTTP answer' } })));
    sock.once('error', (err) => (head ? answer() : finish({ ok: false, ms: now() - start, error: probeError(err) })));
    sock.once('close', () => (head ? answer() : finish({ ok: false, ms: now() - start, error: { code: 'ECONNRESET', message: 'connection closed before an HTTP answer' } })));
  });
}

/**
 * The real I/O. `dnsServer` is `addr[:port]`; `progress` receives idle-probe progress.
 * @example const report = await runDoctor(options, nodeIO({ dnsServer: '127.0.0.1:5353' }));
 */
export function nodeIO(opts: { dnsServer?: string; progress?: (e: ProgressEvent) => void } = {}): DoctorIO {
  const lag = loopLag(now);
  return {
    dns: { resolve: (host, timeoutMs) => resolveWith(host, timeoutMs, opts.dnsServer) },
    tcp: { connect: tcpConnect },
    tls: { handshake: tlsHandshake },
    http: { upgrade: rawUpgrade },
    ws: { open: (target, timeoutMs) => wsOpen(target, timeoutMs, { dial, now, lag }) },
    sse: { probe: sseProbe },
    clock: { now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    progress: opts.progress ?? (() => {}),
  };
}
