import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, ErrorCode, RETRYABLE_ERROR_CODES, isRetryableError } from './error-codes.js';

test('retryable errors are the temporary ones: known codes that leave the connection open', () => {
  assert.deepEqual([...RETRYABLE_ERROR_CODES].sort(), [ErrorCode.BACKEND_UNAVAILABLE, ErrorCode.BROKER_UNAVAILABLE, ErrorCode.INTERNAL, ErrorCode.RATE_LIMITED]);
  for (const code of RETRYABLE_ERROR_CODES) assert.equal(ERROR_CODES[code as keyof typeof ERROR_CODES]?.recoverable, true, code);
  // A fault of the frame itself repeats on every retry.
  for (const code of [ErrorCode.BAD_FRAME, ErrorCode.MESSAGE_TOO_BIG, ErrorCode.FORBIDDEN_CHANNEL, ErrorCode.UNAUTHORIZED, ErrorCode.BACKEND_ERROR, ErrorCode.NOT_AVAILABLE, 'SOMETHING_NEW']) assert.equal(isRetryableError(code), false, code);
});
