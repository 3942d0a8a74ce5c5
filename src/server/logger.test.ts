import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from './logger.js';

test('every query value is redacted, names are kept', () => {
  assert.equal(redactUrl('/api/ws/chat?token=abc.def&x=1'), '/api/ws/chat?token=[redacted]&x=[redacted]');
  assert.equal(redactUrl('/api/ws/chat?ticket=t_1'), '/api/ws/chat?ticket=[redacted]');
  assert.equal(redactUrl('/api/ws/chat'), '/api/ws/chat');
  assert.equal(redactUrl('/p?token'), '/p?token=[redacted]');
  assert.equal(redactUrl(undefined), '');
});
