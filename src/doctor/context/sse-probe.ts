/**
 * The SSE fallback probe: what a wsgate client does when the upgrade fails (docs/protocol.md
 * "SSE fallback"), through the same address, Host and SNI. It opens `<path>/sse` as a browser
 * would (asking for compression too, so a proxy that compresses the stream shows it), reads
 * the stream until hello, sends `ping` through `<path>/send`, and times the `pong` that comes
 * back on the stream: a proxy that buffers or compresses the stream holds that pong back.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate, constants as z } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { PathTarget, SseProbeResult } from '../types.js';
import { dial, now } from './dial.js';
import { probeError } from './probe-error.js';

const BODY_BYTES = 2048;

function split(path: string): { base: string; query: string } {
  const q = path.indexOf('?');
  const base = (q < 0 ? path : path.slice(0, q)).replace(/\/+$/, '');
  return { base, query: q < 0 ? '' : path.slice(q) };
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The decoded body: what a browser's reader would see, as soon as the decoder lets it out. */
function decoded(res: IncomingMessage): Readable {
  const enc = (res.headers['content-encoding'] ?? '').toLowerCase();
  const flush = { flush: z.Z_SYNC_FLUSH, finishFlush: z.Z_SYNC_FLUSH };
  if (enc === 'gzip') return res.pipe(createGunzip(flush));
  if (enc === 'deflate') return res.pipe(createInflate(flush));
  if (enc === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

function send(target: PathTarget, path: string, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({
      createConnection: () => dial(target),
      method: 'POST',
      path,
      headers: { host: target.hostHeader, 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(body), 'user-agent': 'wsgate-doctor', ...target.headers },
      timeout: timeoutMs,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

export function sseProbe(target: PathTarget, timeoutMs: number, waitMs: number, options: { compress?: boolean } = {}): Promise<SseProbeResult> {
  const start = now();
  const { base, query } = split(target.path);
  return new Promise((resolve) => {
    let req: ClientRequest | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: SseProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(r);
    };
    const wait = (ms: number, then: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(then, ms);
    };
    wait(timeoutMs, () => finish({ ok: false, ms: now() - start, error: { code: 'TIMEOUT', message: `no HTTP answer in ${timeoutMs} ms` } }));
    req = request({
      createConnection: () => dial(target),
      method: 'GET',
      path: `${base}/sse${query}`,
      headers: { host: target.hostHeader, accept: 'text/event-stream', 'accept-encoding': options.compress === false ? 'identity' : 'gzip, deflate, br', 'cache-control': 'no-cache', 'user-agent': 'wsgate-doctor', ...target.headers },
    });
    req.on('error', (err) => finish({ ok: false, ms: now() - start, error: probeError(err) }));
    req.on('response', (res) => {
      const headersMs = now() - start;
      const headers = headersOf(res);
      const status = res.statusCode ?? 0;
      const result: Extract<SseProbeResult, { ok: true }> = { ok: true, status, headers, body: '', headersMs, helloMs: null, pongMs: null, waitMs };
      if (status !== 200 || !/text\/event-stream/i.test(headers['content-type'] ?? '')) {
        res.on('data', (c: Buffer) => {
          result.body += c.toString('utf8');
          if (result.body.length >= BODY_BYTES) finish(result);
        });
        res.on('end', () => finish(result));
        wait(300, () => finish(result));
        return;
      }
      wait(waitMs, () => finish(result));
      let buf = '';
      let key = '';
      let pingAt = 0;
      const body = decoded(res);
      body.setEncoding('utf8');
      body.on('error', () => finish(result));
      body.on('data', (text: string) => {
        buf += text.replace(/\r/g, '');
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
          if (event === 'session') key = data;
          else if (!event && result.helloMs === null && /"type"\s*:\s*"hello"/.test(data)) {
            result.helloMs = now() - start;
            if (!key) return finish(result);
            pingAt = now();
            wait(waitMs, () => finish(result));
            void send(target, `${base}/send`, `${key}\n1\nping`, timeoutMs).then((s) => {
              result.sendStatus = s;
              if (s < 200 || s > 299) finish(result);
            });
          } else if (!event && data === 'pong' && pingAt) {
            result.pongMs = now() - pingAt;
            return finish(result);
          }
        }
      });
      body.on('end', () => finish(result));
    });
    req.end();
  });
}
