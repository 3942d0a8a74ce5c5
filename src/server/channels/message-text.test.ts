import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonMessage } from '../broker/message-body.js';
import type { BrokerMessage } from '../broker/types.js';
import { MessageTexts } from './message-text.js';

const frameOf = (m: BrokerMessage) => JSON.stringify({ type: 'message', channel: m.channel, epoch: m.epoch, offset: m.offset, from: m.from, data: m.data });

test('the live frame is the UTF-8 of the message frame, encoded once per message', () => {
  const texts = new MessageTexts();
  for (const json of ['"x"', '{"t":"héllo 😀","n":[1,2]}', '"' + 'x'.repeat(5000) + '"']) {
    const m = new JsonMessage('room:a', 'Ep0-_', 7, 'u"1', json, 0);
    const bytes = texts.live(m);
    assert.equal(bytes.toString('utf8'), frameOf(m));
    assert.equal(texts.live(m), bytes, 'the next subscriber gets the same bytes');
    assert.equal(texts.replay(m), frameOf(m));
    assert.equal(texts.live(new JsonMessage('room:a', 'Ep0-_', 8, 'u', json, 0)).toString(), frameOf(new JsonMessage('room:a', 'Ep0-_', 8, 'u', json, 0)));
  }
  const plain: BrokerMessage = { channel: 'c', epoch: 'e', offset: 1, from: 'server', data: { a: 'é' }, time: 0 };
  assert.equal(texts.live(plain).toString('utf8'), frameOf(plain));
  assert.equal(texts.replay(plain), frameOf(plain));
});
