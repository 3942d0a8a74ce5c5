/**
 * The body of a send (`POST <path>/send`, docs/protocol.md "SSE fallback"): text/plain,
 * `<key>\n<seq>\n<frame>\n<frame>…`. Plain text and no custom header keep it a CORS "simple
 * request" (no preflight). Frames are client frames exactly as over WebSocket (JSON or `ping`).
 */
import { parseSessionKey, type SessionKey } from './session-key.js';

export interface SendBody {
  key: SessionKey;
  /** 1, 2, 3… per session: the order sends are applied in, and what makes a retry harmless. */
  seq: number;
  frames: string[];
}

/** Most frames in one send (the client sends at most 100). */
export const MAX_FRAMES_PER_SEND = 1000;

export class SendBodyError extends Error {
  override readonly name = 'SendBodyError';
  readonly code = 'BAD_SEND';
  readonly status = 400;
}

/** Parses a send body; throws SendBodyError with what is wrong. */
export function parseSendBody(text: string): SendBody {
  const lines = text.split('\n');
  const key = parseSessionKey(lines[0] ?? '');
  if (!key) throw new SendBodyError('the first line must be the session key from the stream');
  const seq = Number(lines[1]);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new SendBodyError('the second line must be the send sequence number (1, 2, 3…)');
  const frames = lines.slice(2).filter((l) => l.length > 0);
  if (frames.length > MAX_FRAMES_PER_SEND) throw new SendBodyError(`at most ${MAX_FRAMES_PER_SEND} frames per send`);
  return { key, seq, frames };
}
