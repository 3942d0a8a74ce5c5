/**
 * How a backend hook can fail (docs/backend.md). Each error knows the `error` frame it becomes:
 * `BackendUnavailableError` → BACKEND_UNAVAILABLE (retryable: 5xx, timeout, refused, busy);
 * `BackendRefusedError` → the backend's own code and message (a 4xx with `{"error":{…}}`).
 */
import { WsgateServerError } from '../errors.js';

/** Why a hook got no usable answer; the `result` label of `wsgate_backend_requests_total`. */
export type UnavailableReason = 'timeout' | 'connection' | 'status' | 'busy' | 'network' | 'answer';

/** The backend could not decide: nothing was published, subscribed or called; retry with the same id. */
export class BackendUnavailableError extends WsgateServerError {
  override name = 'BackendUnavailableError';
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

/** The backend said no (4xx). `code` and `message` are the backend's, passed to the client as they are. */
export class BackendRefusedError extends WsgateServerError {
  override name = 'BackendRefusedError';
  constructor(
    code: string,
    message: string,
    /** The HTTP status the backend answered with. */
    readonly status: number,
  ) {
    super(code, message);
  }
}
