import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { MemoryBroker } from '../broker/memory.js';
import { BrokerUnavailableError, type Broker } from '../broker/types.js';
import { ChannelService } from '../channels/channel-service.js';
import { createMetrics } from '../metrics.js';
import { HttpError } from '../errors.js';
import { createApi, type ApiDeps } from './server-api.js';

const KEY = 'k'.repeat(24);

function request(method: string, path: string, body?: unknown, auth: string | null = `apikey ${KEY}`): { req: IncomingMessage; url: URL } {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const req = Readable.from(text ? [Buffer.from(text)] : []) as unknown as IncomingMessage;
  Object.assign(req, { method, headers: auth === null ? {} : { authorization: auth } });
  return { req, url: new URL(path, 'http://x') };
}

async function call(deps: Partial<ApiDeps> & { broker?: Broker }, method: string, path: string, body?: unknown, auth?: string | null): Promise<{ status: number; body: unknown } | null> {
  const { broker = new MemoryBroker(), ...rest } = deps;
  const channels = new ChannelService(broker, createMetrics({ defaultMetrics: false }));
  const api = createApi({ apiKey: KEY, maxBody: 200, historySize: 100, channels, disconnect: async () => 0, ...rest });
  const { req, url } = request(method, path, body, auth);
  let out: { status: number; body: unknown } | null = null;
  try {
    const handled = await api(req, url, (status, b) => (out = { status, body: b }));
    return handled ? out : null;
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    return { status: err.status, body: { error: err.code, message: err.message } };
  }
}

test('no key configured: the routes do not exist (the caller answers 404)', async () => {
  assert.equal(await call({ apiKey: undefined }, 'POST', '/api/publish', { channel: 'a', data: 1 }), null);
});

test('a missing, wrong or differently-schemed key is 401 with {error, message}', async () => {
  for (const auth of [null, 'apikey wrong', `Bearer ${KEY}`, `apikey ${KEY}x`]) {
    const r = await call({}, 'POST', '/api/publish', { channel: 'a', data: 1 }, auth);
    assert.equal(r?.status, 401, String(auth));
    assert.equal((r?.body as { error: string }).error, 'UNAUTHORIZED');
  }
  assert.equal((await call({}, 'POST', '/api/publish', { channel: 'a', data: 1 }, `ApiKey ${KEY}`))?.status, 200, 'the scheme is case-insensitive');
});

test('publish: offset and epoch, duplicate for a repeated id, from "server" unless given', async () => {
  const broker = new MemoryBroker();
  const a = await call({ broker }, 'POST', '/api/publish', { channel: 'ai:alice', data: { delta: 'hi' }, id: 'r1-0' });
  const b = await call({ broker }, 'POST', '/api/publish', { channel: 'ai:alice', data: { delta: 'hi' }, id: 'r1-0' });
  await call({ broker }, 'POST', '/api/publish', { channel: 'ai:alice', data: 2, from: 'bot' });
  assert.equal(a?.status, 200);
  const ab = a?.body as { offset: number; epoch: string };
  assert.deepEqual(a?.body, { offset: 1, epoch: ab.epoch });
  assert.deepEqual(b?.body, { offset: 1, epoch: ab.epoch, duplicate: true });
  const r = await broker.recover('ai:alice', { epoch: ab.epoch, offset: 0 });
  assert.deepEqual(r.messages.map((m) => m.from), ['server', 'bot']);
});

test('bad requests are 400 BAD_REQUEST naming the field; too big is 413', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ data: 1 }, /"channel"/],
    [{ channel: 'has space', data: 1 }, /"channel"/],
    [{ channel: 'a' }, /"data"/],
    [{ channel: 'a', data: 1, id: {} }, /"id"/],
    [{ channel: 'a', data: 1, from: '' }, /"from"/],
    ['{not json', /not valid JSON/],
    [[1], /JSON object/],
  ];
  for (const [body, message] of cases) {
    const r = await call({}, 'POST', '/api/publish', body);
    assert.equal(r?.status, 400, JSON.stringify(body));
    assert.equal((r?.body as { error: string }).error, 'BAD_REQUEST');
    assert.match((r?.body as { message: string }).message, message);
  }
  const big = await call({}, 'POST', '/api/publish', { channel: 'a', data: 'x'.repeat(300) });
  assert.equal(big?.status, 413);
  const bc = await call({}, 'POST', '/api/broadcast', { channels: ['a', 'b c'], data: 1 });
  assert.match((bc?.body as { message: string }).message, /channels\[1\]/);
});

test('broadcast: one result per channel, a broker failure per channel as an error object', async () => {
  const broker = new MemoryBroker();
  const failing = Object.assign(Object.create(broker) as MemoryBroker, {
    publish: async (channel: string, data: unknown, meta: { from: string }) => {
      if (channel === 'down') throw new BrokerUnavailableError('redis publish failed');
      return broker.publish(channel, data, meta);
    },
  });
  const r = await call({ broker: failing }, 'POST', '/api/broadcast', { channels: ['a', 'down'], data: 1 });
  const results = (r?.body as { results: Array<Record<string, unknown>> }).results;
  assert.equal(results[0]!.channel, 'a');
  assert.equal(results[0]!.offset, 1);
  assert.deepEqual(results[1], { channel: 'down', error: { code: 'BROKER_UNAVAILABLE', message: 'redis publish failed' } });
});

test('presence and history answer their shapes; a down broker is 503 BROKER_UNAVAILABLE', async () => {
  const broker = new MemoryBroker({ historySize: 5 });
  await broker.presenceAdd('room', 'alice', 'c1');
  await broker.presenceAdd('room', 'alice', 'c2');
  for (let i = 1; i <= 8; i++) await broker.publish('room', i, { from: 'bob' });
  const p = await call({ broker }, 'GET', '/api/presence?channel=room');
  assert.deepEqual(p?.body, { channel: 'room', members: [{ user: 'alice', connections: 2 }] });
  const h = (await call({ broker, historySize: 5 }, 'GET', '/api/history?channel=room&limit=3'))?.body as { epoch: string; offset: number; recovered: boolean; messages: Array<{ offset: number; from: string; data: unknown }> };
  assert.equal(h.offset, 8);
  assert.equal(h.recovered, true);
  assert.deepEqual(h.messages, [6, 7, 8].map((n) => ({ offset: n, from: 'bob', data: n })));
  const all = (await call({ broker, historySize: 5 }, 'GET', '/api/history?channel=room'))?.body as { messages: unknown[] };
  assert.equal(all.messages.length, 5, 'everything history holds (--history-size 5)');
  const since = (await call({ broker, historySize: 5 }, 'GET', `/api/history?channel=room&since=6&epoch=${h.epoch}`))?.body as { recovered: boolean; messages: Array<{ offset: number }> };
  assert.deepEqual(since.messages.map((m) => m.offset), [7, 8]);
  const lost = (await call({ broker, historySize: 5 }, 'GET', `/api/history?channel=room&since=1&epoch=${h.epoch}`))?.body as { recovered: boolean; messages: unknown[] };
  assert.deepEqual([lost.recovered, lost.messages.length], [false, 0], 'a position older than history is not recovered');
  assert.equal((await call({}, 'GET', '/api/history?channel=room&since=1'))?.status, 400, 'since without epoch');
  const down = Object.assign(Object.create(broker) as MemoryBroker, {
    presence: async () => {
      throw new BrokerUnavailableError('redis down');
    },
  });
  const d = await call({ broker: down }, 'GET', '/api/presence?channel=room');
  assert.deepEqual(d, { status: 503, body: { error: 'BROKER_UNAVAILABLE', message: 'redis down' } });
});

test('disconnect: passes user, code and reason, answers {closed}; validates each', async () => {
  const seen: unknown[] = [];
  const deps = { disconnect: async (user: string, code: number, reason: string) => (seen.push([user, code, reason]), 3) };
  assert.deepEqual((await call(deps, 'POST', '/api/disconnect', { user: 'alice' }))?.body, { closed: 3 });
  await call(deps, 'POST', '/api/disconnect', { user: 'bob', code: 4000, reason: 'bye' });
  assert.deepEqual(seen, [['alice', 4403, 'disconnected by the server'], ['bob', 4000, 'bye']]);
  assert.match(((await call(deps, 'POST', '/api/disconnect', { user: 'bob', code: 1006 }))?.body as { message: string }).message, /"code"/);
  assert.match(((await call(deps, 'POST', '/api/disconnect', {}))?.body as { message: string }).message, /"user"/);
  assert.equal((await call(deps, 'GET', '/api/disconnect'))?.status, 405);
});
