import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Admission, drainingError } from './admission.js';
import { CloseError, HttpError } from './errors.js';

const cfg = { path: '/ws', allowedOrigins: ['https://app.example.com'], maxConnections: 2, maxConnectionsPerUser: 1, admissionRate: 1, admissionBurst: 2 };
const req = (url: string, origin?: string) => ({ url, headers: origin ? { origin } : {} }) as unknown as IncomingMessage;

function refusal(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return err;
  }
  assert.fail('expected a refusal');
}

test('admission: path, drain, Origin, capacity and rate, each with its status and one wording', () => {
  const a = new Admission(cfg);
  assert.equal(refusal(() => a.admitRequest(req('/other'), false, 0)).status, 404);
  const draining = refusal(() => a.admitRequest(req('/ws'), true, 0));
  assert.deepEqual([draining.status, draining.code, draining.message], [503, 'DRAINING', drainingError().message], 'the same words before and after the token check');
  assert.ok(Number(draining.headers['retry-after']) >= 1);
  assert.equal(refusal(() => a.admitRequest(req('/ws', 'https://evil.example'), false, 0)).status, 403);
  assert.equal(refusal(() => a.admitRequest(req('/ws'), false, 2)).code, 'FULL');
  a.pending = 1;
  assert.equal(refusal(() => a.admitRequest(req('/ws'), false, 1)).code, 'FULL', 'handshakes in flight count against capacity');
  a.pending = 0;
  assert.equal(a.admitRequest(req('/ws?token=x', 'https://app.example.com'), false, 0).searchParams.get('token'), 'x');
  a.admitRequest(req('/ws'), false, 0);
  assert.equal(refusal(() => a.admitRequest(req('/ws'), false, 0)).code, 'ADMISSION_RATE');
});

test('admission: the per-user cap refuses with 1013 and a reconnect hint, and frees on release', () => {
  const a = new Admission(cfg);
  a.claimUser('alice');
  assert.throws(() => a.claimUser('alice'), (err: unknown) => err instanceof CloseError && err.closeCode === 1013 && /too many connections for this user \(max 1\);reconnect=\d+/.test(err.message));
  a.claimUser('bob');
  assert.equal(a.userCount, 2);
  a.releaseUser('alice');
  assert.equal(a.userCount, 1);
  a.claimUser('alice');
});
