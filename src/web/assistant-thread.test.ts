import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssistantThread, isAssistantChannel, isAssistantDelta, replyText } from './assistant-thread.js';

const d = (seq: number, delta?: string, extra: Record<string, unknown> = {}) => ({ role: 'assistant' as const, replyTo: 7, seq, ...(delta !== undefined ? { delta } : {}), ...extra });

test('deltas build one reply per question, in order, ended by done', () => {
  const t = new AssistantThread();
  assert.equal(t.apply(d(1, 'Hel'))?.created, true);
  assert.equal(t.apply(d(2, 'lo'))?.created, false);
  assert.equal(t.apply(d(2, 'lo')), null, 'a repeat changes nothing');
  const end = t.apply(d(3, undefined, { done: true, finishReason: 'length' }))!;
  assert.equal(replyText(end.reply), 'Hello');
  assert.deepEqual([end.reply.done, end.reply.finishReason], [true, 'length']);
});

test('a reply streaming when the subscription resumes is marked where it resumed; a finished one is not', () => {
  const t = new AssistantThread();
  t.apply({ role: 'assistant', replyTo: 1, seq: 1, delta: 'old', done: true } as never);
  t.apply(d(1, 'a'));
  assert.deepEqual(t.resumed().map((r) => r.replyTo), [7]);
  t.resumed(); // twice in a row: one marker
  t.apply(d(2, 'b'));
  const reply = t.apply(d(3, undefined, { done: true, finishReason: 'stop' }))!.reply;
  assert.deepEqual(reply.parts, [{ text: 'a' }, { resumed: true }, { text: 'b' }]);
  assert.equal(replyText(reply), 'ab');
});

test('what counts as an assistant message and channel', () => {
  assert.equal(isAssistantChannel('ai:alice'), true);
  assert.equal(isAssistantChannel('room:ai'), false);
  assert.equal(isAssistantDelta(d(1, 'x')), true);
  assert.equal(isAssistantDelta({ role: 'user', text: 'q' }), false);
  assert.equal(isAssistantDelta({ role: 'assistant', replyTo: '7', seq: 1 }), false);
});
