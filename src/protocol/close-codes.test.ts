import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_CLOSE_CODES, CloseCode, foreignReconnectAction, formatCloseReason, isAuthCloseCode, isValidCloseCode, parseCloseReason, reconnectAction, shouldReconnect, MAX_CLOSE_REASON_BYTES } from './close-codes.js';

test('codes reserved for reporting are never valid on the wire', () => {
  for (const code of [999, 1004, 1005, 1006, 1015, 1016, 2999, 5000]) assert.equal(isValidCloseCode(code), false, String(code));
  for (const code of [1000, 1001, 1008, 1009, 1011, 1012, 1013, 1014, 3000, 4401, 4999]) assert.equal(isValidCloseCode(code), true, String(code));
});

test('reconnect policy: idle cuts and drains reconnect, auth refreshes once, forbidden stops', () => {
  assert.equal(reconnectAction(CloseCode.ABNORMAL), 'reconnect');
  assert.equal(reconnectAction(CloseCode.SERVICE_RESTART), 'reconnect');
  assert.equal(reconnectAction(CloseCode.TRY_AGAIN_LATER), 'reconnect');
  assert.equal(reconnectAction(CloseCode.UNAUTHORIZED), 'refresh-token');
  assert.equal(reconnectAction(CloseCode.FORBIDDEN), 'stop');
  assert.equal(reconnectAction(4499), 'stop');
  assert.equal(reconnectAction(4500), 'reconnect');
  assert.equal(shouldReconnect(CloseCode.UNAUTHORIZED), true);
  assert.equal(shouldReconnect(CloseCode.PROTOCOL_ERROR), false);
});

test('servers that are not wsgate: 1008, 4401 and 4403 are terminal after one credentials refresh', () => {
  assert.deepEqual([1008, 4401, 4403].map(foreignReconnectAction), ['refresh-token', 'refresh-token', 'refresh-token']);
  assert.deepEqual([1002, 4400].map(foreignReconnectAction), ['stop', 'stop']);
  assert.deepEqual([1000, 1001, 1006, 1011, 1012, 1013].map(foreignReconnectAction), Array(6).fill('reconnect'));
  // wsgate itself uses 1008 for its rate limit: there it is worth another try.
  assert.equal(reconnectAction(1008), 'reconnect');
});

test('close reasons carry a reconnect hint and fit in 123 bytes', () => {
  const reason = formatCloseReason('server draining', { reconnectDelayMs: 2300.4 });
  assert.equal(reason, 'server draining;reconnect=2300');
  assert.deepEqual(parseCloseReason(reason), { text: 'server draining', reconnectDelayMs: 2300 });
  assert.deepEqual(parseCloseReason('bye'), { text: 'bye' });
  const long = formatCloseReason('ü'.repeat(200), { reconnectDelayMs: 5 });
  assert.ok(new TextEncoder().encode(long).length <= MAX_CLOSE_REASON_BYTES);
  assert.equal(parseCloseReason(long).reconnectDelayMs, 5);
});

test('auth closes: wsgate\'s 4401 and 4403, and 1008 as other servers use it; nothing else', () => {
  assert.deepEqual([...AUTH_CLOSE_CODES].sort(), [1008, CloseCode.UNAUTHORIZED, CloseCode.FORBIDDEN]);
  for (const code of [1000, 1006, 1011, 1012, 4400, 4404]) assert.equal(isAuthCloseCode(code), false, String(code));
});
