import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission } from './admission.js';
import { CloseError } from './errors.js';
import { SessionRegistry } from './session-registry.js';
import { FakeTransport } from './session/__fixtures__/fake-transport.js';
import { sessionFixture, settle } from './session/__fixtures__/session-fixture.js';
import type { ConnectHook } from './session/hooks.js';

function registry(connect: ConnectHook) {
  const f = sessionFixture();
  const { onClosed: _unused, ...services } = f.services;
  const admission = new Admission({ path: '/ws', allowedOrigins: [], maxConnections: 100, maxConnectionsPerUser: 5, admissionRate: 100, admissionBurst: 100 });
  const auth = { verify: async () => ({ userId: 'alice', kind: 'static' as const }) };
  return new SessionRegistry({ admission, auth, hooks: { connect }, logger: services.logger, metrics: services.metrics, nodeId: 'n1' }, { ...services, hooks: { connect } });
}

const info = { client: '127.0.0.1', remote: '127.0.0.1' };

test('connect hook: told the session id and transport the session then has; its channels are subscribed server-side', async () => {
  const told: unknown[] = [];
  const r = registry(async (caller) => {
    told.push({ ...caller });
    return { channels: ['news:alice'] };
  });
  const verdict = await r.authenticate({ kind: 'token', value: 't' }, info, 'sse');
  const t = new FakeTransport({});
  const session = r.open(t, verdict, info);
  assert.ok(!(session instanceof CloseError) && 'id' in session);
  assert.deepEqual(told, [{ session: session.id, userId: 'alice', nodeId: 'n1', transport: 'sse' }]);
  await settle();
  assert.deepEqual(t.framesOf('subscribed').map((f) => [f.id, f.channel]), [['server:news:alice', 'news:alice']]);
});

test('connect hook: a CloseError refuses the connection with its code and message', async () => {
  const r = registry(async () => {
    throw new CloseError(4403, 'BANNED', 'alice is banned');
  });
  const verdict = await r.authenticate({ kind: 'token', value: 't' }, info);
  assert.deepEqual(r.open(new FakeTransport({}), verdict, info), { code: 4403, reason: 'alice is banned' });
  assert.equal(r.size, 0);
});
