import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignInError, devToken, loadIdentity, saveIdentity } from './session.js';

function answer(status: number, body: unknown): typeof fetch {
  return (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    assert.ok(err instanceof SignInError);
    return err.code;
  }
}

test('a name is traded for a dev token; the server\'s user id wins', async () => {
  let sent: RequestInit | undefined;
  const f = (async (_url: string, init: RequestInit) => {
    sent = init;
    return new Response(JSON.stringify({ token: 'dev-abc', user: { id: 'alice' } }), { status: 200 });
  }) as unknown as typeof fetch;
  assert.deepEqual(await devToken('http://h/api/dev/token', 'alice', f), { name: 'alice', token: 'dev-abc', kind: 'dev' });
  assert.equal(sent?.method, 'POST');
  assert.equal(sent?.body, '{"name":"alice"}');
});

test('each way a sign-in fails has its own code and a message to show', async () => {
  assert.equal(await codeOf(devToken('u', 'a', answer(404, { error: 'NOT_FOUND' }))), 'DEV_TOKENS_OFF');
  assert.equal(await codeOf(devToken('u', 'a b', answer(400, { error: 'BAD_NAME', message: '"name" must be 1–64 characters' }))), 'BAD_NAME');
  await assert.rejects(devToken('u', 'a b', answer(400, { message: '"name" must be 1–64 characters' })), /must be 1–64 characters/);
  assert.equal(await codeOf(devToken('u', 'a', answer(500, {}))), 'BAD_ANSWER');
  assert.equal(await codeOf(devToken('u', 'a', answer(200, { nothing: true }))), 'BAD_ANSWER');
  const down = (async () => {
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
  assert.equal(await codeOf(devToken('u', 'a', down)), 'UNREACHABLE');
});

test('identities survive a reload through storage; damaged entries read as none', () => {
  const map = new Map<string, string>();
  const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } as Storage;
  saveIdentity(storage, { name: 'bob', token: 't', kind: 'pasted' });
  assert.deepEqual(loadIdentity(storage), { name: 'bob', token: 't', kind: 'pasted' });
  saveIdentity(storage, null);
  assert.equal(loadIdentity(storage), null);
  map.set('wsgate.console.identity', '{"name":1}');
  assert.equal(loadIdentity(storage), null);
  map.set('wsgate.console.identity', 'not json');
  assert.equal(loadIdentity(storage), null);
  assert.equal(loadIdentity(undefined), null);
});
