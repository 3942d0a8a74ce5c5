/**
 * The server API (docs/backend.md): JSON over HTTP on the server's own listener, for a backend
 * to publish, broadcast, read presence and history, and disconnect users. Routes are 404
 * without `--api-key`, 401 without the key; bodies are bounded by `--max-message`; every error
 * body is `{"error","message"}` (the one handler in http-routes.ts writes it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloseCode, isValidChannel, isValidCloseCode, type RequestId } from '../../protocol/index.js';
import { isValidUserId } from '../auth/index.js';
import type { PublishResult } from '../broker/types.js';
import { BrokerUnavailableError } from '../broker/types.js';
import type { ChannelService } from '../channels/channel-service.js';
import { HttpError } from '../errors.js';
import { readJson } from '../http-body.js';
import { apiKeyOf, keyChecker } from './api-key.js';
import { readHistory } from './history.js';

/** What the API needs from the server: narrow on purpose (tests fake it without sockets). */
export interface ApiDeps {
  /** `--api-key`; without one every route is 404. */
  apiKey: string | undefined;
  /** `--max-message`: the body limit. */
  maxBody: number;
  /** `--history-size`: the most a history read returns. */
  historySize: number;
  /** Publish (with the clients' idempotency rule), presence and history: the node's channel service. */
  channels: Pick<ChannelService, 'publish' | 'presence' | 'position' | 'recover'>;
  /** Closes every connection of `user` on every node; resolves with how many were closed. */
  disconnect(user: string, code: number, reason: string): Promise<number>;
}

export const API_ROUTES = ['/api/publish', '/api/broadcast', '/api/presence', '/api/history', '/api/disconnect'] as const;

const bad = (message: string): HttpError => new HttpError(400, 'BAD_REQUEST', message);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function channelOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw bad(`"${field}" must be a string`);
  if (!isValidChannel(value)) throw bad(`"${field}": invalid channel name (1–200 characters of [A-Za-z0-9:_\\-.@/])`);
  return value;
}

function idOf(body: Record<string, unknown>): RequestId | undefined {
  const id = body.id;
  if (id === undefined || id === null) return undefined;
  if ((typeof id === 'string' && id.length > 0 && id.length <= 128) || (typeof id === 'number' && Number.isFinite(id))) return id;
  throw bad('"id" must be a non-empty string (≤ 128 characters) or a number');
}


function fromOf(body: Record<string, unknown>): string {
  if (body.from === undefined) return 'server';
  if (!isValidUserId(body.from)) throw bad('"from" must be 1–64 characters of A–Z a–z 0–9 _ . @ -');
  return body.from;
}

function dataOf(body: Record<string, unknown>): unknown {
  if (!('data' in body) || body.data === undefined) throw bad('"data" is required (any JSON, null included)');
  return body.data;
}

function brokerDown(err: unknown): never {
  if (err instanceof BrokerUnavailableError) throw new HttpError(503, 'BROKER_UNAVAILABLE', err.message, { 'retry-after': '1' }, { cause: err });
  throw err;
}

const published = (r: PublishResult) => ({ offset: r.offset, epoch: r.epoch, ...(r.duplicate ? { duplicate: true } : {}) });

async function body(deps: ApiDeps, req: IncomingMessage): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = await readJson(req, deps.maxBody);
  } catch (err) {
    if (err instanceof HttpError && err.status === 400) throw bad('the body is not valid JSON');
    if (err instanceof HttpError && err.status === 413) throw new HttpError(413, 'BODY_TOO_LARGE', `the body is over ${deps.maxBody} bytes (--max-message)`);
    throw err;
  }
  if (!isRecord(value)) throw bad('the body must be a JSON object');
  return value;
}

function method(req: IncomingMessage, want: 'GET' | 'POST'): void {
  if (req.method !== want && !(want === 'GET' && req.method === 'HEAD')) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `use ${want}`, { allow: want });
}

/**
 * Answers an API route; resolves false when `path` is not one (or no key is configured: 404).
 * @example if (await handleApi(deps, req, res, url)) return;
 */
export function createApi(deps: ApiDeps): (req: IncomingMessage, url: URL, send: (status: number, body: unknown) => void) => Promise<boolean> {
  const check = deps.apiKey ? keyChecker(deps.apiKey) : null;
  return async (req, url, send) => {
    if (!check || !(API_ROUTES as readonly string[]).includes(url.pathname)) return false;
    if (!check(apiKeyOf(req.headers.authorization))) {
      throw new HttpError(401, 'UNAUTHORIZED', 'send Authorization: apikey <key> (the key given to --api-key)', { 'www-authenticate': 'apikey' });
    }
    switch (url.pathname) {
      case '/api/publish': {
        method(req, 'POST');
        const b = await body(deps, req);
        const channel = channelOf(b.channel, 'channel');
        const data = dataOf(b);
        const id = idOf(b);
        const r = await deps.channels.publish({ channel, data, from: fromOf(b), ...(id !== undefined ? { id } : {}) }).catch(brokerDown);
        send(200, published(r));
        return true;
      }
      case '/api/broadcast': {
        method(req, 'POST');
        const b = await body(deps, req);
        if (!Array.isArray(b.channels) || b.channels.length === 0 || b.channels.length > 1000) throw bad('"channels" must be an array of 1–1000 channel names');
        const channels = b.channels.map((c, i) => channelOf(c, `channels[${i}]`));
        const data = dataOf(b);
        const id = idOf(b);
        const from = fromOf(b);
        const results = await Promise.all(
          channels.map(async (channel) => {
            try {
              return { channel, ...published(await deps.channels.publish({ channel, data, from, ...(id !== undefined ? { id } : {}) })) };
            } catch (err) {
              if (!(err instanceof BrokerUnavailableError)) throw err;
              return { channel, error: { code: 'BROKER_UNAVAILABLE', message: err.message } };
            }
          }),
        );
        send(200, { results });
        return true;
      }
      case '/api/presence': {
        method(req, 'GET');
        const channel = channelOf(url.searchParams.get('channel') ?? undefined, 'channel');
        const users = await deps.channels.presence(channel).catch(brokerDown);
        send(200, { channel, members: users.map((u) => ({ user: u.id, connections: u.connections })) });
        return true;
      }
      case '/api/history': {
        method(req, 'GET');
        const q = url.searchParams;
        const channel = channelOf(q.get('channel') ?? undefined, 'channel');
        const since = q.get('since');
        const epoch = q.get('epoch');
        if (since !== null && !/^\d{1,15}$/.test(since)) throw bad('"since" must be an offset (a whole number ≥ 0)');
        if ((since === null) !== (epoch === null)) throw bad('"since" and "epoch" go together (the position a reader saw last)');
        const limitText = q.get('limit');
        if (limitText !== null && !/^\d{1,7}$/.test(limitText)) throw bad('"limit" must be a whole number ≥ 1');
        const limit = Math.min(limitText === null ? deps.historySize : Math.max(1, Number(limitText)), deps.historySize);
        const h = await readHistory(deps.channels, channel, since !== null && epoch !== null ? { epoch, offset: Number(since) } : undefined, limit, deps.historySize).catch(brokerDown);
        send(200, { channel, epoch: h.epoch, offset: h.offset, recovered: h.recovered, messages: h.messages.map((m) => ({ offset: m.offset, from: m.from, data: m.data })) });
        return true;
      }
      case '/api/disconnect': {
        method(req, 'POST');
        const b = await body(deps, req);
        if (!isValidUserId(b.user)) throw bad('"user" must be a user id (1–64 characters of A–Z a–z 0–9 _ . @ -)');
        const code = b.code === undefined ? CloseCode.FORBIDDEN : b.code;
        if (typeof code !== 'number' || !isValidCloseCode(code) || code === CloseCode.ABNORMAL) throw bad('"code" must be a close code a server may send (1000–1014 or 3000–4999)');
        const reason = b.reason === undefined ? 'disconnected by the server' : b.reason;
        if (typeof reason !== 'string' || Buffer.byteLength(reason) > 120) throw bad('"reason" must be a string of at most 120 bytes');
        const closed = await deps.disconnect(b.user, code, reason).catch(brokerDown);
        send(200, { closed });
        return true;
      }
    }
    return false;
  };
}
