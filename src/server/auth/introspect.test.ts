import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Introspector } from './introspect.js';
import { AuthError } from '../errors.js';

function fakeFetch(answers: Record<string, { status: number; body?: unknown }>) {
  const calls: string[] = [];
  const f = (async (_url: string | URL | Request, init?: RequestInit) => {
    const auth = (init?.headers as Record<string, string>).authorization ?? '';
    calls.push(auth);
    const a = answers[auth] ?? { status: 401 };
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
  }) as typeof fetch;
  return { f, calls };
}

test('valid answers are cached for the TTL, refusals briefly, and concurrent checks share one request', async () => {
  let t = 0;
  const { f, calls } = fakeFetch({ 'Bearer good': { status: 200, body: { id: 42 } } });
  const i = new Introspector({ url: 'http://idp/i', cacheTtlMs: 1000, negativeTtlMs: 100, now: () => t, fetch: f });
  const [a, b] = await Promise.all([i.verify('good'), i.verify('good')]);
  assert.deepEqual(a, { userId: '42', kind: 'introspect' });
  assert.deepEqual(b, a);
  assert.equal(calls.length, 1);
  t = 999;
  await i.verify('good');
  assert.equal(calls.length, 1);
  t = 1000;
  await i.verify('good');
  assert.equal(calls.length, 2, 'asked again after the TTL');
  await assert.rejects(i.verify('bad'), (e: unknown) => e instanceof AuthError && e.reason === 'invalid' && e.closeCode === 4401);
  await assert.rejects(i.verify('bad'));
  assert.equal(calls.length, 3, 'the refusal is cached');
  t = 1200;
  await assert.rejects(i.verify('bad'));
  assert.equal(calls.length, 4);
});

test('a server error is "unavailable" (1013), not the caller\'s fault, and is not cached', async () => {
  const { f, calls } = fakeFetch({ 'Bearer x': { status: 500 } });
  const i = new Introspector({ url: 'http://idp/i', cacheTtlMs: 1000, fetch: f });
  await assert.rejects(i.verify('x'), (e: unknown) => e instanceof AuthError && e.reason === 'unavailable' && e.closeCode === 1013);
  await assert.rejects(i.verify('x'));
  assert.equal(calls.length, 2);
});

test('exp in the answer bounds the cache; active:false is a refusal', async () => {
  let t = 0;
  const { f, calls } = fakeFetch({ 'Bearer e': { status: 200, body: { id: 'u', exp: 0.5 } }, 'Bearer off': { status: 200, body: { active: false } } });
  const i = new Introspector({ url: 'http://idp/i', cacheTtlMs: 60_000, now: () => t, fetch: f });
  assert.equal((await i.verify('e')).expiresAt, 500);
  t = 600;
  await i.verify('e');
  assert.equal(calls.length, 2);
  await assert.rejects(i.verify('off'), (e: unknown) => e instanceof AuthError && e.reason === 'invalid');
});
