import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrokerMessage } from './types.js';
import { judgeRecovery } from './recovery.js';

const msg = (offset: number, time = 1000): BrokerMessage => ({ channel: 'c', epoch: 'e', offset, from: 'u', data: offset, time });
const bounds = { historySize: 3, historyTtlMs: 500, now: 1200 };
const at = { epoch: 'e', offset: 5 };

test('recovered only when every missed message is still there; otherwise start from the position', () => {
  assert.deepEqual(judgeRecovery({ epoch: 'e', offset: 5 }, at, [], bounds), { position: at, recovered: true, messages: [] });
  assert.deepEqual(judgeRecovery({ epoch: 'e', offset: 3 }, at, [msg(4), msg(5)], bounds).messages.map((m) => m.offset), [4, 5]);
  const refused: Array<[string, ReturnType<typeof judgeRecovery>]> = [
    ['another epoch', judgeRecovery({ epoch: 'old', offset: 3 }, at, [msg(4), msg(5)], bounds)],
    ['from the future', judgeRecovery({ epoch: 'e', offset: 6 }, at, [], bounds)],
    ['more than the history size', judgeRecovery({ epoch: 'e', offset: 1 }, at, [msg(2), msg(3), msg(4), msg(5)], bounds)],
    ['a gap', judgeRecovery({ epoch: 'e', offset: 2 }, at, [msg(3), msg(5)], bounds)],
    ['the oldest is gone', judgeRecovery({ epoch: 'e', offset: 2 }, at, [msg(4), msg(5)], bounds)],
    ['past the TTL', judgeRecovery({ epoch: 'e', offset: 3 }, at, [msg(4, 600), msg(5)], bounds)],
    ['not an offset', judgeRecovery({ epoch: 'e', offset: 3.5 }, at, [msg(4), msg(5)], bounds)],
  ];
  for (const [why, r] of refused) assert.deepEqual(r, { position: at, recovered: false, messages: [] }, why);
});
