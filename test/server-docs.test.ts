// docs/server.md and docs/protocol.md stay true: every flag, error code and metric the code has
// is documented, so a new one cannot slip in undocumented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HTTP_ERROR_CODES, OPTION_KEYS, flagOf } from '../src/server/index.js';
import { ErrorCode } from '../src/protocol/index.js';
import { createMetrics } from '../src/server/metrics.js';

const read = (p: string) => readFileSync(new URL(`../docs/${p}`, import.meta.url), 'utf8');

test('docs/server.md lists every flag and every wsgate_ metric', async () => {
  const doc = read('server.md');
  const missing = OPTION_KEYS.map(flagOf).filter((f) => !doc.includes(`\`${f}\``));
  assert.deepEqual(missing, []);
  const metrics = createMetrics({ defaultMetrics: false });
  const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
  assert.ok(names.length >= 9);
  assert.deepEqual(names.filter((n) => !doc.includes(`\`${n}`)), []);
});

test('docs/protocol.md documents every error code and every frame type', () => {
  const doc = read('protocol.md');
  assert.deepEqual(Object.values(ErrorCode).filter((c) => !doc.includes(`\`${c}\``)), []);
  for (const type of ['hello', 'subscribe', 'subscribed', 'unsubscribe', 'unsubscribed', 'publish', 'ack', 'message', 'presence', 'refresh', 'refreshed', 'error']) {
    assert.ok(doc.includes(`"type":"${type}"`), type);
  }
  for (const [code, status] of Object.entries(HTTP_ERROR_CODES)) assert.ok(doc.includes(`| \`${code}\` | ${status} |`), code);
  for (const code of [1006, 1007, 1008, 1009, 1012, 1013, 4401, 4403]) assert.ok(doc.includes(`| ${code} |`), String(code));
});
