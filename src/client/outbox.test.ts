import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, type OutboxItem } from './outbox.js';
import { OutboxFullError } from './errors.js';

function item(id: string, text = `{"id":"${id}"}`): OutboxItem<number> & { result?: unknown } {
  const it: OutboxItem<number> & { result?: unknown } = { id, text, bytes: Outbox.bytesOf(text), resolve: (v) => (it.result = v), reject: (e) => (it.result = e) };
  return it;
}

test('keeps items in order until taken, with count and UTF-8 bytes', () => {
  const box = new Outbox();
  box.add(item('a'));
  box.add(item('b', '{"t":"é"}'));
  box.add(item('c'));
  assert.deepEqual(box.list().map((i) => i.id), ['a', 'b', 'c']);
  assert.equal(box.count, 3);
  assert.equal(box.bytes, 10 + 10 + 10);
  assert.equal(box.take('b')?.id, 'b');
  assert.equal(box.take('b'), undefined);
  assert.deepEqual(box.list().map((i) => i.id), ['a', 'c']);
  assert.equal(box.bytes, 20);
});

test('rejects the item that would pass either bound, and keeps the rest', () => {
  const box = new Outbox({ maxCount: 2, maxBytes: 1000 });
  box.add(item('a'));
  box.add(item('b'));
  assert.throws(() => box.add(item('c')), (e: unknown) => e instanceof OutboxFullError && e.code === 'OUTBOX_FULL' && e.limit === 'count' && e.max === 2);
  assert.equal(box.count, 2);
  const bytes = new Outbox({ maxCount: 10, maxBytes: 25 });
  bytes.add(item('a', 'x'.repeat(20)));
  assert.throws(() => bytes.add(item('b', 'y'.repeat(6))), { code: 'OUTBOX_FULL', limit: 'bytes', max: 25 });
  bytes.add(item('c', 'z'.repeat(5)));
  assert.equal(bytes.bytes, 25);
  assert.deepEqual(new Outbox().maxCount, 1000);
  assert.deepEqual(new Outbox().maxBytes, 1_048_576);
});

test('rejectAll empties it and rejects each pending item', () => {
  const box = new Outbox();
  const a = item('a');
  const b = item('b');
  box.add(a);
  box.add(b);
  box.rejectAll(new Error('gone'));
  assert.equal(box.count, 0);
  assert.equal(box.bytes, 0);
  assert.equal((a.result as Error).message, 'gone');
  assert.equal((b.result as Error).message, 'gone');
});
