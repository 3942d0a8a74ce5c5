// The SSE + POST transport of the client (sse.ts) against a scripted fetch: events become
// messages, the send key arrives first, sends go one at a time in seq order, a send that got
// no answer is retried with the same seq, and HTTP statuses reach the client as `ws` shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseSocket } from './sse.js';
import { settle } from './__fixtures__/fake-socket.js';

type Call = { url: string; init: RequestInit };

function scriptedFetch() {
  const calls: Call[] = [];
  let push!: (text: string) => void;
  let end!: () => void;
  const posts: Array<(r: Response | Error) => void> = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    if (init.method === 'POST') return new Promise<Response>((resolve, reject) => posts.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const enc = new TextEncoder();
        push = (text) => controller.enqueue(enc.encode(text));
        end = () => controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
  return { fetchFn, calls, push: (t: string) => push(t), end: () => end(), posts };
}

test('SseSocket: stream events become messages; sends go one at a time, in seq order, retried with the same seq', async () => {
  const f = scriptedFetch();
  const s = new SseSocket('wss://h.example/api/ws/chat', 'tok', f.fetchFn);
  const got: string[] = [];
  s.onmessage = (ev) => got.push(String(ev.data));
  await settle();
  assert.equal(f.calls[0]!.url, 'https://h.example/api/ws/chat/sse');
  assert.equal((f.calls[0]!.init.headers as Record<string, string>).authorization, 'Bearer tok');
  f.push(':ok\n\nevent: session\ndata: KEY\n\ndata: {"type":"hello"}\n\n: \n\ndata: {"type":"mes');
  await settle();
  f.push('sage"}\n\n');
  await settle();
  assert.deepEqual(got, ['{"type":"hello"}', '{"type":"message"}']);
  assert.equal(s.readyState, 1);

  s.send('a');
  s.send('b'); // queued behind the send in flight
  await settle();
  assert.equal(f.posts.length, 1);
  assert.equal(f.calls[1]!.url, 'https://h.example/api/ws/chat/send');
  assert.equal(f.calls[1]!.init.body, 'KEY\n1\na');
  f.posts[0]!(new Error('network down')); // no answer: the same send again, same seq
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(f.calls[2]!.init.body, 'KEY\n1\na');
  f.posts[1]!(new Response(null, { status: 204 }));
  await settle();
  await settle();
  assert.equal(f.calls[3]!.init.body, 'KEY\n2\nb');
  f.posts[2]!(new Response(null, { status: 204 }));
  await settle();
  s.close();
});

test('SseSocket: a close event and a 404 on a send end the transport like a WebSocket close', async () => {
  const f = scriptedFetch();
  const s = new SseSocket('ws://h/p', null, f.fetchFn);
  const closes: Array<{ code: number; reason: string }> = [];
  s.onclose = (ev) => closes.push(ev);
  await settle();
  assert.equal((f.calls[0]!.init.headers as Record<string, string>).authorization, undefined);
  f.push('event: session\ndata: K\n\n');
  await settle();
  s.send('x');
  await settle();
  f.posts[0]!(new Response('{"error":"SESSION_UNKNOWN"}', { status: 404 }));
  await settle();
  assert.deepEqual(closes, [{ code: 1006, reason: 'send: HTTP 404' }]);

  const g = scriptedFetch();
  const t = new SseSocket('ws://h/p', null, g.fetchFn);
  const tc: Array<{ code: number; reason: string }> = [];
  t.onclose = (ev) => tc.push(ev);
  await settle();
  g.push('event: close\ndata: 1012 restart;reconnect=300\n\n');
  await settle();
  assert.deepEqual(tc, [{ code: 1012, reason: 'restart;reconnect=300' }]);
});

test('SseSocket: an HTTP error on the stream is reported as ws reports an unexpected response', async () => {
  const fetchFn = (async () => new Response('{}', { status: 503, headers: { 'retry-after': '7' } })) as unknown as typeof fetch;
  const s = new SseSocket('ws://h/p', 'tok', fetchFn);
  const seen: Array<{ statusCode?: number; headers: Record<string, string | undefined> }> = [];
  s.on('unexpected-response', (_req, res) => seen.push(res));
  let closed = 0;
  s.onclose = () => closed++;
  await settle();
  assert.deepEqual(seen, [{ statusCode: 503, headers: { 'retry-after': '7' } }]);
  assert.equal(closed, 1);
});
