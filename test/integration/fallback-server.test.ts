// The SSE fallback's endpoints on a real in-process server (docs/protocol.md "SSE fallback"):
// the stream's headers, first bytes and heartbeat, the send key, sends in order and at most
// once, a 404 (never a 204) for a session that does not exist, auth as HTTP statuses, the
// drain's close event, and the SDK on SSE only: publish, subscribe, exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeClient, waitFor } from './client-helpers.js';

/** Reads a stream's events as they come: `{event, data}` for events, `{comment}` for comments. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const events: Array<{ event?: string; data?: string; comment?: string; at: number }> = [];
  const reading = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith(':')) events.push({ comment: block.slice(1), at: Date.now() });
          else events.push({ event: /^event: (.*)$/m.exec(block)?.[1], data: [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join('\n'), at: Date.now() });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { res, events, close: () => ac.abort(), reading };
}

test('the stream: headers at once, :ok, the send key, hello, heartbeats; sends in order, once; unknown sessions get 404', async (t) => {
  const server = await startServer({ sseHeartbeat: 200 });
  t.after(() => server.close());
  const base = `${server.httpUrl}/api/ws/chat`;
  const s = await openStream(`${base}/sse`, { authorization: 'Bearer tok-a' });
  t.after(() => s.close());
  assert.equal(s.res.status, 200);
  assert.equal(s.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(s.res.headers.get('cache-control'), 'no-cache, no-transform');
  assert.equal(s.res.headers.get('x-accel-buffering'), 'no');
  assert.equal(s.res.headers.get('content-length'), null);
  await waitFor('hello', () => s.events.some((e) => e.data?.includes('"hello"')), 3000);
  assert.equal(s.events[0]!.comment, 'ok');
  assert.equal(s.events[1]!.event, 'session');
  const key = s.events[1]!.data!;
  assert.match(key, /^[\w-]+\.[\w-]+\.[\w-]{20,}$/);
  await waitFor('two heartbeats', () => s.events.filter((e) => e.comment === '').length >= 2, 3000);

  const send = (body: string) => fetch(`${base}/send`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  const sub = JSON.stringify({ type: 'subscribe', id: 's1', channel: 'room:x' });
  const pub = (n: number) => JSON.stringify({ type: 'publish', id: `p${n}`, channel: 'room:x', data: { n } });
  assert.equal((await send(`${key}\n1\n${sub}`)).status, 204);
  await waitFor('subscribed', () => s.events.some((e) => e.data?.includes('"subscribed"')), 3000);
  // seq 3 before seq 2: held, then applied after 2; seq 2 again: a retry, not applied twice.
  const early = send(`${key}\n3\n${pub(3)}`);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await send(`${key}\n2\n${pub(1)}\n${pub(2)}`)).status, 204);
  assert.equal((await early).status, 204);
  assert.equal((await send(`${key}\n2\n${pub(1)}\n${pub(2)}`)).status, 204);
  await waitFor('3 messages', () => s.events.filter((e) => e.data?.includes('"message"')).length >= 3, 3000);
  await new Promise((r) => setTimeout(r, 200));
  const got = s.events.filter((e) => e.data?.includes('"message"')).map((e) => (JSON.parse(e.data!) as { data: { n: number } }).data.n);
  assert.deepEqual(got, [1, 2, 3]);

  const unknown = await send(`${key.replace(/\.[\w-]+$/, '.wrongsecretwrongsecret')}\n4\nping`);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: string }).error, 'SESSION_UNKNOWN');
  const bad = await send('not a key\n1\nping');
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: string }).error, 'BAD_SEND');
  const other = await send(`${Buffer.from('node-elsewhere').toString('base64url')}.abc.def\n1\nping`);
  assert.equal(other.status, 404, 'another node with --broker memory: 404, saying so');
  assert.match(((await other.json()) as { message: string }).message, /node-elsewhere/);
});

test('the stream refuses with HTTP statuses: 401 without a valid token, 404 elsewhere, 405 for POST', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const base = `${server.httpUrl}/api/ws/chat`;
  const r401 = await fetch(`${base}/sse`, { headers: { authorization: 'Bearer nope' } });
  assert.equal(r401.status, 401);
  assert.equal(((await r401.json()) as { error: string }).error, 'UNAUTHORIZED');
  const r405 = await fetch(`${base}/sse`, { method: 'POST' });
  assert.equal(r405.status, 405);
  await r405.body?.cancel();
  const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_auth_failures_total\{reason="invalid"\} 1/);
});

test('the SDK on SSE only: hello, publish exactly once, subscribe, heartbeat; drain ends the stream with 1012 and a hint', async (t) => {
  const server = await startServer({ sseHeartbeat: 500, drainWindow: 0 });
  t.after(() => server.close());
  const a = makeClient(server.url, { transports: ['sse'] });
  const b = makeClient(server.url, { token: 'tok-b' });
  t.after(() => (a.client.close(), b.client.close()));
  await a.until('open');
  await b.until('open');
  assert.equal(a.client.transport, 'sse');
  assert.equal(b.client.transport, 'websocket');
  const got: number[] = [];
  const sub = a.client.subscribe('room:1', (d) => got.push((d as { n: number }).n));
  await sub.ready();
  for (let n = 1; n <= 50; n++) await b.client.publish('room:1', { n });
  const own = await a.client.publish('room:1', { n: 51 });
  assert.equal(own, 51);
  await waitFor('51 messages', () => got.length === 51, 5000);
  assert.deepEqual(got, Array.from({ length: 51 }, (_, i) => i + 1));
  const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_connections\{transport="sse"\} 1/);
  assert.match(metrics, /wsgate_connections\{transport="websocket"\} 1/);
  const closes: Array<{ code?: number; reason?: string }> = [];
  a.client.on('state', (s) => s.newState === 'reconnecting' && closes.push({ code: s.code, reason: s.reason }));
  void server.drain();
  await waitFor('the SSE client told 1012', () => closes.length > 0, 5000);
  assert.equal(closes[0]!.code, 1012);
  assert.match(closes[0]!.reason!, /reconnect=\d+/);
});
