/**
 * The HTTP side of the backend hooks (docs/backend.md): POST JSON to `<proxy-url>/<event>`,
 * signed with `X-Wsgate-Signature: sha256=<hex HMAC-SHA256 of the body>` when a secret is set.
 *
 * Bounds, so a slow or dead backend never blocks a connection nor grows memory: at most
 * `maxConcurrent` requests in flight per node (one more fails at once as `busy`), each ends
 * after `timeoutMs`, and an answer is read up to `maxAnswerBytes`.
 *
 * A 2xx answers with a JSON object (an empty body is `{}`); a 4xx is the backend's refusal
 * (`BackendRefusedError`); anything else is `BackendUnavailableError`.
 */
import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BackendRefusedError, BackendUnavailableError, type UnavailableReason } from './errors.js';

/** The hooks wsgate calls; each is also the last path segment of its URL. */
export type HookEvent = 'publish' | 'rpc' | 'connect' | 'subscribe';

export interface HookClientOptions {
  /** `--proxy-url`: hooks go to `<baseUrl>/<event>`. */
  baseUrl: string;
  /** `--proxy-timeout`. */
  timeoutMs: number;
  /** `--proxy-secret`: signs every body. */
  secret?: string;
  /** `--proxy-concurrency`: requests in flight on this node at most. */
  maxConcurrent: number;
  /** Answers larger than this fail as `answer` (default 1 MiB). */
  maxAnswerBytes?: number;
  /** Called once per request with its outcome ('ok', 'refused', or an UnavailableReason) and duration. */
  observe?: (event: HookEvent, result: string, seconds: number) => void;
}

/** The signature header's value for a body: `sha256=<hex>`. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export const SIGNATURE_HEADER = 'x-wsgate-signature';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Errors that mean nobody answers at that address (as opposed to a broken exchange). */
const NETWORK_REFUSED = /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)$/;

/**
 * @example
 * const hooks = new HookClient({ baseUrl: 'http://backend:3000/wsgate', timeoutMs: 5000, maxConcurrent: 256 });
 * const answer = await hooks.call('subscribe', { event: 'subscribe', user: { id: 'alice' }, session, channel });
 */
export class HookClient {
  private inFlight = 0;
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly options: HookClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const https = this.base.protocol === 'https:';
    // Keep-alive: a hook per publish must not cost a TCP (and TLS) handshake each.
    const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrent, maxFreeSockets: Math.min(64, options.maxConcurrent) };
    this.agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.send = https ? httpsRequest : httpRequest;
  }

  /** Requests in flight now. */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * POSTs `body` to `<baseUrl>/<event>`; resolves with the 2xx answer's JSON object.
   * @throws BackendRefusedError (4xx) or BackendUnavailableError (everything else)
   */
  async call(event: HookEvent, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const started = performance.now();
    const done = (result: string): void => this.options.observe?.(event, result, (performance.now() - started) / 1000);
    if (this.inFlight >= this.options.maxConcurrent) {
      done('busy');
      throw new BackendUnavailableError('busy', `the backend has ${this.inFlight} requests in flight from this node (--proxy-concurrency): try again`);
    }
    this.inFlight++;
    try {
      const answer = await this.post(event, JSON.stringify(body));
      done('ok');
      return answer;
    } catch (err) {
      done(err instanceof BackendRefusedError ? 'refused' : err instanceof BackendUnavailableError ? err.reason : 'network');
      throw err;
    } finally {
      this.inFlight--;
    }
  }

  /** Closes idle keep-alive sockets (server close). */
  close(): void {
    this.agent.destroy();
  }

  private post(event: HookEvent, text: string): Promise<Record<string, unknown>> {
    const url = new URL(event, this.base);
    const payload = Buffer.from(text);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': payload.length, accept: 'application/json' };
    if (this.options.secret) headers[SIGNATURE_HEADER] = signBody(this.options.secret, payload);
    // Messages go to clients in error frames: they name the hook, never the backend's address.
    const where = `the backend's ${event} hook`;
    return new Promise((resolve, reject) => {
      let settled = false;
      let req: ClientRequest;
      const fail = (reason: UnavailableReason, message: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(new BackendUnavailableError(reason, message, { cause }));
      };
      const answered = (res: IncomingMessage): void => {
        this.read(res).then(
          (answer) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              if (answer.kind === 'json' && isRecord(answer.value)) return resolve(answer.value);
              if (answer.kind === 'empty') return resolve({});
              // A misconfigured URL (an HTML page, a proxy's own answer): retrying cannot help.
              return reject(new BackendRefusedError('BACKEND_ERROR', `${where} answered ${status} with a body that is not a JSON object (docs/backend.md)`, status));
            }
            if (status >= 400 && status < 500) {
              const e = answer.kind === 'json' && isRecord(answer.value) && isRecord(answer.value.error) ? answer.value.error : undefined;
              const code = typeof e?.code === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(e.code) ? e.code : 'BACKEND_ERROR';
              const message = typeof e?.message === 'string' ? e.message.slice(0, 500) : `the backend refused the ${event} (HTTP ${status})`;
              return reject(new BackendRefusedError(code, message, status));
            }
            reject(new BackendUnavailableError('status', `${where} answered HTTP ${status}`));
          },
          (err: unknown) => fail('answer', `${where}: unreadable answer (${err instanceof Error ? err.message : String(err)})`, err),
        );
      };
      const start = (retries: number): void => {
        req = this.send(url, { method: 'POST', headers, agent: this.agent }, answered);
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive socket the backend closed meanwhile (its idle timeout, a restart) fails
          // at once with ECONNRESET/EPIPE: send again on a fresh one (Node's docs,
          // http.ClientRequest `reusedSocket`), within the same deadline.
          if (!settled && req.reusedSocket && retries > 0 && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return start(retries - 1);
          const refused = err.code !== undefined && NETWORK_REFUSED.test(err.code);
          fail(refused ? 'connection' : 'network', `${where} is unreachable (${err.code ?? err.message})`, err);
        });
        req.end(payload);
      };
      const timer = setTimeout(() => fail('timeout', `${where} did not answer within ${this.options.timeoutMs} ms (--proxy-timeout)`), this.options.timeoutMs);
      start(2);
    });
  }

  private async read(res: IncomingMessage): Promise<{ kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'text' }> {
    const max = this.options.maxAnswerBytes ?? 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new Error(`answer over ${max} bytes`);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text.trim()) return { kind: 'empty' };
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'text' };
    }
  }
}
