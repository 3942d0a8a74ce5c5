import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assistant, conversationOwner } from './assistant.js';
import { completionEvents, type StreamEvent } from './openai-stream.js';
import type { WsgateApi } from './wsgate-api.js';

/** Bytes as a provider sends them: events split at arbitrary points, CRLF, a keep-alive comment. */
async function* wire(text: string, cut: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += cut) yield bytes.slice(i, i + cut);
}

test('the OpenAI stream format: deltas in order, the finish reason, [DONE]; any chunking', async () => {
  const text = [
    ': keep-alive',
    '',
    'data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
    '',
    'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\r\n\r',
    'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"lo ü"},"finish_reason":null}]}',
    '',
    'data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}',
    '',
    'data: [DONE]',
    '',
    '',
  ].join('\n');
  for (const cut of [1, 3, 7, 1000]) {
    const events: StreamEvent[] = [];
    for await (const e of completionEvents(wire(text, cut))) events.push(e);
    assert.deepEqual(events, [{ delta: 'Hel' }, { delta: 'lo ü' }, { finishReason: 'length' }], `cut ${cut}`);
  }
});

test('a conversation belongs to the user in its name', () => {
  assert.equal(conversationOwner('ai:alice'), 'alice');
  assert.equal(conversationOwner('ai:alice:trip'), 'alice');
  assert.equal(conversationOwner('room:alice'), null);
});

test('the assistant publishes the question, then deltas with seq and one done, each with a stable id; a retried question starts nothing', async () => {
  const published: Array<{ channel: string; data: Record<string, unknown>; id: string; from?: string }> = [];
  const ids = new Map<string, number>();
  const api = {
    async publish(channel: string, data: Record<string, unknown>, id: string, from?: string) {
      const seen = ids.get(id);
      if (seen !== undefined) return { offset: seen, epoch: 'e', duplicate: true };
      published.push({ channel, data, id, from });
      ids.set(id, published.length);
      return { offset: published.length, epoch: 'e' };
    },
    async history() {
      return { messages: published.map((p, i) => ({ offset: i + 1, from: p.from ?? 'server', data: p.data })) };
    },
  } as unknown as WsgateApi;
  const asked: unknown[] = [];
  const chat = async function* (_s: unknown, messages: unknown[]): AsyncGenerator<StreamEvent> {
    asked.push(messages);
    yield { delta: 'Hi' };
    yield { delta: ' there' };
    yield { finishReason: 'stop' };
  };
  const a = new Assistant(api, { baseUrl: 'x', model: 'm' }, chat, { info() {}, error() {} });
  const offset = await a.ask({ channel: 'ai:alice', user: 'alice', clientId: 7, text: 'hello?' });
  assert.equal(offset, 1);
  assert.equal(await a.ask({ channel: 'ai:alice', user: 'alice', clientId: 7, text: 'hello?' }), 1, 'same client id, same question');
  for (let i = 0; i < 50 && published.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(published, [
    { channel: 'ai:alice', data: { role: 'user', text: 'hello?' }, id: 'q:alice:7', from: 'alice' },
    { channel: 'ai:alice', data: { role: 'assistant', replyTo: 1, seq: 1, delta: 'Hi' }, id: 'a:1:1', from: undefined },
    { channel: 'ai:alice', data: { role: 'assistant', replyTo: 1, seq: 2, delta: ' there' }, id: 'a:1:2', from: undefined },
    { channel: 'ai:alice', data: { role: 'assistant', replyTo: 1, seq: 3, done: true, finishReason: 'stop' }, id: 'a:1:3', from: undefined },
  ]);
  assert.equal(asked.length, 1, 'one answer for one question');
  assert.deepEqual(asked[0], [{ role: 'system', content: 'You are a helpful assistant. Answer concisely.' }, { role: 'user', content: 'hello?' }]);
});
