/**
 * What every real probe of the doctor shares: the clock, the trust store with --ca added, and
 * dialling a path target (TCP or TLS to the pinned address with the URL's SNI).
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { PathTarget } from '../types.js';

export const now = (): number => performance.timeOrigin + performance.now();

export function caList(ca?: string): string[] | undefined {
  // Node's `ca` replaces the default roots; --ca adds to them.
  return ca === undefined ? undefined : [...rootCertificates, ca];
}

export function dial(target: PathTarget, alpn = ['http/1.1']): Socket {
  if (!target.secure) return netConnect({ host: target.address, port: target.port });
  const ca = caList(target.ca);
  return tlsConnect({
    host: target.address,
    port: target.port,
    ...(isIP(target.servername) ? {} : { servername: target.servername }),
    // Trust was judged by the TLS step; here we only need the bytes.
    rejectUnauthorized: false,
    ALPNProtocols: alpn,
    ...(ca ? { ca } : {}),
  });
}
