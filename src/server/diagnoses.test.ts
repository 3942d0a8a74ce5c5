// The diagnosis store: bounded by count and by bytes, oldest out first; credentials scrubbed
// from every string; only schema fields kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosisSchema, MemoryDiagnosisStore, scrub } from './diagnoses.js';

const BASE = { version: 1, url: 'ws://h/api/ws/chat', ok: true, verdict: 'ok', steps: [], findings: [], userAgent: 'UA', totalMs: 1 };

test('scrub masks token query values and bearer credentials, and caps the length', () => {
  assert.equal(scrub('wss://h/ws?token=abc.def&x=1 and Bearer eyJhbGciOi.x.y'), 'wss://h/ws?token=[redacted]&x=1 and Bearer [redacted]');
  assert.equal(scrub('a'.repeat(500), 10), 'aaaaaaaaaa');
});

test('the schema keeps only its fields (no cookie, no headers) and scrubs strings', () => {
  const parsed = diagnosisSchema.parse({ ...BASE, url: 'ws://h/ws?ticket=t-123', cookie: 'sid=1', headers: { authorization: 'x' } });
  assert.equal(parsed.url, 'ws://h/ws?ticket=[redacted]');
  assert.ok(!('cookie' in parsed) && !('headers' in parsed));
  assert.equal(diagnosisSchema.safeParse({ ...BASE, steps: Array(11).fill({ id: 'open', title: 't', status: 'pass', durationMs: 1, summary: '' }) }).success, false);
});

test('the store keeps the newest maxCount and stays under maxBytes', () => {
  let t = 0;
  const store = new MemoryDiagnosisStore({ maxCount: 3, maxBytes: 100_000, now: () => ++t * 1000 });
  const ids = Array.from({ length: 5 }, (_, i) => store.add(diagnosisSchema.parse({ ...BASE, verdict: `v${i}` }), '203.0.113.9').id);
  assert.deepEqual(store.list().map((d) => d.id), ids.slice(2).reverse());
  const small = new MemoryDiagnosisStore({ maxCount: 100, maxBytes: 1000 });
  for (let i = 0; i < 20; i++) small.add(diagnosisSchema.parse({ ...BASE, note: 'n'.repeat(200) }), '203.0.113.9');
  assert.ok(small.size < 20 && small.size >= 1, `kept ${small.size}`);
  assert.ok(Buffer.byteLength(JSON.stringify(small.list())) <= 1000 + 50);
});

test('the fallback step\'s result is kept with bounded fields; an unknown outcome or code is refused', () => {
  const fallback = { outcome: 'works', code: 'FALLBACK_WORKS', status: 200, headersMs: 4, sessionMs: 5, helloMs: 6, sendStatus: 204, pongMs: 3 };
  assert.deepEqual(diagnosisSchema.parse({ ...BASE, fallback: { ...fallback, extra: 'x' } }).fallback, fallback);
  assert.equal(diagnosisSchema.parse({ ...BASE, fallback: { outcome: 'unavailable', error: 'x'.repeat(700) } }).fallback?.error?.length, 200);
  assert.throws(() => diagnosisSchema.parse({ ...BASE, fallback: { outcome: 'maybe' } }));
  assert.throws(() => diagnosisSchema.parse({ ...BASE, fallback: { outcome: 'works', code: 'NOPE' } }));
  assert.throws(() => diagnosisSchema.parse({ ...BASE, fallback: { outcome: 'works', helloMs: -1 } }));
});
