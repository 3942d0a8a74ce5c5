import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from './metrics.js';

test('per-frame (hot) increments are in the scrape, exactly, and keep counting after it', async () => {
  const m = createMetrics({ defaultMetrics: false });
  m.hot.messagesIn.inc();
  m.hot.messagesOut.inc();
  m.hot.messagesOut.inc();
  m.hot.publishesOk.inc();
  m.publishes.inc({ result: 'error' });
  let text = await m.registry.metrics();
  assert.match(text, /^wsgate_messages_in_total 1$/m);
  assert.match(text, /^wsgate_messages_out_total 2$/m);
  assert.match(text, /^wsgate_publishes_total\{result="ok"\} 1$/m);
  assert.match(text, /^wsgate_publishes_total\{result="error"\} 1$/m);
  assert.doesNotMatch(text, /result="duplicate"/, 'a result never seen has no series, as before');
  m.hot.messagesOut.inc();
  m.hot.publishesDuplicate.inc();
  text = await m.registry.metrics();
  assert.match(text, /^wsgate_messages_out_total 3$/m);
  assert.match(text, /^wsgate_publishes_total\{result="duplicate"\} 1$/m);
  assert.equal((await m.messagesOut.get()).values[0]?.value, 3);
});
