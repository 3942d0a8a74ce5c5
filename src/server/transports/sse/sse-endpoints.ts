/**
 * The SSE fallback's two HTTP endpoints beside the WebSocket path (docs/protocol.md "SSE
 * fallback"): `GET <path>/sse` opens a session whose frames come down as events, and
 * `POST <path>/send` carries the client's frames up. Admission and auth are the WebSocket's
 * (admission.ts, SessionRegistry): a token in `Authorization`, or a single-use `?ticket=`.
 *
 * A send may reach any node: the key names the node holding the stream, and a node that does
 * not hold it hands it over through the broker (docs/scaling.md "Sessions across nodes"), so
 * no sticky sessions are needed. The owner's answer is the HTTP status, never a silent 204:
 * 204 applied (or already applied: a retry), 404 SESSION_UNKNOWN (reconnect), 409
 * SEND_OUT_OF_ORDER, 503 SESSION_UNREACHABLE (retry the same send).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCloseReason } from '../../../protocol/index.js';
import { clientAddressOf, type Admission } from '../../admission.js';
import { credentialOf } from '../../auth/index.js';
import type { Broker } from '../../broker/types.js';
import { HttpError, httpRefusal } from '../../errors.js';
import { redactUrl, type Logger } from '../../logger.js';
import type { ServerMetrics } from '../../metrics.js';
import { isOriginAllowed } from '../../origin.js';
import { Session } from '../../session/session.js';
import type { SessionRegistry } from '../../session-registry.js';
import { parseSendBody, type SendBody } from './send-body.js';
import { formatSessionKey, newSecret, secretMatches } from './session-key.js';
import { SseTransport } from './sse-transport.js';

export interface SseEndpointDeps {
  /** The WebSocket path; the endpoints are `<path>/sse` and `<path>/send`. */
  path: string;
  nodeId: string;
  admission: Pick<Admission, 'admitRequest'>;
  sessions: Pick<SessionRegistry, 'authenticate' | 'open' | 'size'>;
  broker: Broker;
  logger: Logger;
  metrics: ServerMetrics;
  isDraining(): boolean;
  trustProxy: boolean;
  allowedOrigins: readonly string[];
  /** ms between heartbeat comments on a stream (≤ 10 s). */
  heartbeatMs: number;
  /** ms without a send (the client pings every heartbeat interval) after which a stream is dropped. */
  peerTimeoutMs: number;
  /** Largest send body, in bytes. */
  maxSendBytes: number;
  /** How long a node waits for the owner of a session to answer a handed-over send. */
  forwardTimeoutMs?: number;
}

/** The answer to one send, the same whether the send was applied here or on the owning node. */
interface SendAnswer {
  status: 204 | 404 | 409 | 503;
  error?: 'SESSION_UNKNOWN' | 'SEND_OUT_OF_ORDER' | 'SESSION_UNREACHABLE';
  message?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class SseEndpoints {
  readonly streamPath: string;
  readonly sendPath: string;
  readonly #streams = new Map<string, { transport: SseTransport; secret: string }>();

  constructor(private readonly deps: SseEndpointDeps) {
    const base = deps.path.replace(/\/+$/, '');
    this.streamPath = `${base}/sse`;
    this.sendPath = `${base}/send`;
    deps.broker.answerNodeCalls?.((body) => this.#answerCall(body));
  }

  /** Whether `pathname` is one of the two endpoints. */
  handles(pathname: string): boolean {
    return pathname === this.streamPath || pathname === this.sendPath;
  }

  /** Streams open on this node. */
  get size(): number {
    return this.#streams.size;
  }

  /** Serves one request to an endpoint; every failure becomes a JSON answer with its status. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = this.#cors(req);
    try {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
      } else if (pathname === this.streamPath) {
        if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `GET ${this.streamPath} opens the stream`, { allow: 'GET, OPTIONS' });
        await this.#stream(req, res, cors);
      } else {
        if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `POST ${this.sendPath} sends frames`, { allow: 'POST, OPTIONS' });
        await this.#send(req, res, cors);
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (res.headersSent) return void res.destroy();
      const body = JSON.stringify({ error: err.code, message: err.message });
      res.writeHead(err.status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...err.headers, ...cors });
      res.end(body);
    }
  }

  // ---- the stream ----------------------------------------------------------------------------

  async #stream(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<void> {
    const { deps } = this;
    const url = deps.admission.admitRequest(req, deps.isDraining(), deps.sessions.size, this.streamPath);
    const info = { ...clientAddressOf(req, deps.trustProxy), origin: req.headers.origin, userAgent: req.headers['user-agent']?.slice(0, 200) };
    const verdict = await deps.sessions.authenticate(credentialOf(url, req.headers.authorization), info);
    if (res.destroyed || req.destroyed) return;
    const id = randomBytes(12).toString('base64url');
    const secret = newSecret();
    const transport = new SseTransport(res, {
      key: formatSessionKey({ node: deps.nodeId, session: id, secret }),
      headers: cors,
      heartbeatMs: deps.heartbeatMs,
      peerTimeoutMs: deps.peerTimeoutMs,
      onEnd: () => this.#streams.delete(id),
      onPeerTimeout: (silentMs) => {
        deps.metrics.heartbeatTimeouts.inc();
        deps.logger.info({ transport: 'sse', silentMs }, 'sse: no send from the client in time: dropping the stream');
      },
    });
    this.#streams.set(id, { transport, secret });
    const opened = deps.sessions.open(transport, verdict, info, redactUrl(req.url));
    if (opened instanceof Session) return;
    this.#streams.delete(id);
    // Nothing was written yet: a fetch-based client reads the status, unlike a browser WebSocket.
    const { status, code } = httpRefusal(opened.code);
    const { text, reconnectDelayMs: hint } = parseCloseReason(opened.reason);
    const headers: Record<string, string> = hint === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(hint / 1000))) };
    if (status === 401) headers['www-authenticate'] = 'Bearer';
    throw new HttpError(status, code, text, headers);
  }

  // ---- sends ---------------------------------------------------------------------------------

  async #send(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<void> {
    if (!isOriginAllowed(req.headers.origin, this.deps.allowedOrigins)) throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', 'Origin not allowed');
    const text = await readBody(req, this.deps.maxSendBytes);
    let body: SendBody;
    try {
      body = parseSendBody(text);
    } catch (err) {
      throw new HttpError(400, 'BAD_SEND', (err as Error).message);
    }
    const local = body.key.node === this.deps.nodeId;
    const answer = local ? await this.#deliver(body) : await this.#forward(body);
    this.deps.metrics.sseSends.inc({ result: answer.error ?? 'ok', forwarded: String(!local) });
    if (answer.status === 204) {
      res.writeHead(204, { 'cache-control': 'no-store', ...cors });
      res.end();
      return;
    }
    const headers: Record<string, string> = answer.status === 503 ? { 'retry-after': '1' } : {};
    throw new HttpError(answer.status, answer.error!, answer.message ?? '', headers);
  }

  /** Applies a send to a stream held here. */
  async #deliver(body: SendBody): Promise<SendAnswer> {
    const s = this.#streams.get(body.key.session);
    // A wrong secret answers the same as no session: the key proves nothing else.
    if (!s || !secretMatches(s.secret, body.key.secret)) {
      return { status: 404, error: 'SESSION_UNKNOWN', message: `no such session on node ${this.deps.nodeId} (it ended, or the node restarted): reconnect` };
    }
    const outcome = await s.transport.receive(body.seq, body.frames);
    if (outcome === 'gap') return { status: 409, error: 'SEND_OUT_OF_ORDER', message: `send ${body.seq} came without the ones before it: reconnect` };
    return { status: 204 };
  }

  /** Hands a send to the node holding the stream, and relays its answer. */
  async #forward(body: SendBody): Promise<SendAnswer> {
    const { broker, nodeId } = this.deps;
    const owner = body.key.node;
    if (!broker.callNode) {
      return { status: 404, error: 'SESSION_UNKNOWN', message: `the session is on node ${owner}; with --broker ${broker.kind} this node cannot reach it (use --broker redis://… for many nodes)` };
    }
    const call = JSON.stringify({ session: body.key.session, secret: body.key.secret, seq: body.seq, frames: body.frames });
    try {
      const answer = await broker.callNode(owner, call, this.deps.forwardTimeoutMs ?? 3000);
      if (answer === undefined) return { status: 404, error: 'SESSION_UNKNOWN', message: `node ${owner}, which held the session, is gone: reconnect` };
      return JSON.parse(answer) as SendAnswer;
    } catch (err) {
      this.deps.logger.warn({ owner, node: nodeId, err: err instanceof Error ? err.message : String(err) }, 'sse: could not hand a send to its node');
      return { status: 503, error: 'SESSION_UNREACHABLE', message: `node ${owner} did not answer: send again` };
    }
  }

  /** Another node's handed-over send. */
  async #answerCall(text: string): Promise<string> {
    const c = JSON.parse(text) as { session: string; secret: string; seq: number; frames: string[] };
    const answer = await this.#deliver({ key: { node: this.deps.nodeId, session: c.session, secret: c.secret }, seq: c.seq, frames: c.frames });
    return JSON.stringify(answer);
  }

  #cors(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !isOriginAllowed(origin, this.deps.allowedOrigins)) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-max-age': '600' };
  }
}

/** Reads a request body as UTF-8, refusing more than `limit` bytes (413). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Drain the rest unread, so the 413 can still be answered on this connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'BODY_TOO_LARGE', `a send is at most ${limit} bytes`, { connection: 'close' }));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
