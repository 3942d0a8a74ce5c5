/**
 * The diagnose page's fallback step (docs/console.md "Diagnose page"): after the WebSocket
 * steps, open the SSE stream beside the WebSocket path (docs/protocol.md "SSE fallback") the
 * way a wsgate client does, with the page's credentials (none: the page never holds a token),
 * time the response head and the first events (`event: session`, then `hello`), and, when the
 * stream opened, one round trip (a `ping` sent by `POST <path>/send`, its `pong` on the stream).
 *
 * The outcome uses the doctor's codes (src/knowledge): FALLBACK_WORKS, FALLBACK_BUFFERED (the
 * head or the events are held back by a hop), FALLBACK_UNAVAILABLE; `sign-in` when wsgate
 * itself answered 401: the request reached the service, but without a credential the stream
 * (and so buffering) cannot be checked.
 */

export type FallbackOutcome = 'works' | 'buffered' | 'unavailable' | 'sign-in';

export interface FallbackResult {
  outcome: FallbackOutcome;
  code?: 'FALLBACK_WORKS' | 'FALLBACK_BUFFERED' | 'FALLBACK_UNAVAILABLE';
  /** HTTP status of the stream request (absent when no response head came). */
  status?: number;
  headersMs?: number;
  sessionMs?: number;
  helloMs?: number;
  pongMs?: number;
  sendStatus?: number;
  error?: string;
}

/** A reply slower than this on the stream means a hop holds events back (as the doctor's check, src/doctor/checks/fallback.ts). */
const BUFFERED_AFTER_MS = 500;

export interface FallbackDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
}

interface SseEvent {
  event: string;
  data: string;
}

/** Reads events off a stream body; `next()` resolves null when the stream ends or `waitMs` passes. */
function eventReader(body: ReadableStream<Uint8Array>): { next(waitMs: number): Promise<SseEvent | null>; cancel(): void } {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const queued: SseEvent[] = [];
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const parse = (): void => {
    let at: number;
    while ((at = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, at);
      buf = buf.slice(at + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length || event !== 'message') queued.push({ event, data: data.join('\n') });
    }
  };
  return {
    async next(waitMs) {
      const deadline = Date.now() + waitMs;
      while (!queued.length) {
        pending ??= reader.read();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const r = await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))))]);
        clearTimeout(timer);
        if (r === null) return null;
        pending = null;
        if (r.done) return null;
        buf += decoder.decode(r.value, { stream: true }).replace(/\r\n?/g, '\n');
        parse();
      }
      return queued.shift() ?? null;
    },
    cancel: () => void reader.cancel().catch(() => {}),
  };
}

/**
 * @param httpUrl the WebSocket path over http(s), no token in it: the endpoints are `<it>/sse` and `<it>/send`
 * @example const r = await probeFallback('https://chat.example.com/ws', { fetch, now: () => performance.now() }); r.code // 'FALLBACK_WORKS'
 */
export async function probeFallback(httpUrl: string, deps: FallbackDeps, waitMs = 3000): Promise<FallbackResult> {
  const base = httpUrl.replace(/\/+$/, '');
  const ac = new AbortController();
  const t0 = deps.now();
  const since = (): number => Math.round(deps.now() - t0);
  const headTimer = setTimeout(() => ac.abort(), waitMs);
  let res: Response;
  try {
    res = await deps.fetch(`${base}/sse`, { cache: 'no-store', credentials: 'omit', signal: ac.signal, headers: { accept: 'text/event-stream' } });
  } catch (err) {
    clearTimeout(headTimer);
    if (ac.signal.aborted) return { outcome: 'buffered', code: 'FALLBACK_BUFFERED', error: `no response head within ${waitMs} ms` };
    return { outcome: 'unavailable', code: 'FALLBACK_UNAVAILABLE', error: err instanceof Error ? err.message : String(err) };
  }
  clearTimeout(headTimer);
  const headersMs = since();
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !/text\/event-stream/i.test(type) || !res.body) {
    const text = await res.text().catch(() => '');
    // wsgate's own refusal (docs/protocol.md "HTTP errors"): the request reached the service.
    const own = res.status === 401 && /"error"\s*:\s*"UNAUTHORIZED"/.test(text);
    return own ? { outcome: 'sign-in', status: 401, headersMs } : { outcome: 'unavailable', code: 'FALLBACK_UNAVAILABLE', status: res.status, headersMs };
  }
  const events = eventReader(res.body);
  try {
    const session = await events.next(waitMs);
    if (!session || session.event !== 'session') return { outcome: 'buffered', code: 'FALLBACK_BUFFERED', status: 200, headersMs, error: 'no session event' };
    const sessionMs = since();
    const hello = await events.next(waitMs);
    if (!hello || !hello.data.includes('"hello"')) return { outcome: 'buffered', code: 'FALLBACK_BUFFERED', status: 200, headersMs, sessionMs, error: 'no hello' };
    const helloMs = since();
    const sentAt = deps.now();
    const send = await deps.fetch(`${base}/send`, { method: 'POST', cache: 'no-store', credentials: 'omit', headers: { 'content-type': 'text/plain' }, body: `${session.data}\n1\nping` });
    const done = { status: 200, headersMs, sessionMs, helloMs, sendStatus: send.status };
    if (send.status < 200 || send.status > 299) return { outcome: 'unavailable', code: 'FALLBACK_UNAVAILABLE', ...done };
    for (;;) {
      const e = await events.next(waitMs);
      if (!e) return { outcome: 'buffered', code: 'FALLBACK_BUFFERED', ...done, error: 'no pong' };
      if (e.data === 'pong' || e.data.includes('"pong"')) {
        const pongMs = Math.round(deps.now() - sentAt);
        return pongMs > BUFFERED_AFTER_MS ? { outcome: 'buffered', code: 'FALLBACK_BUFFERED', ...done, pongMs } : { outcome: 'works', code: 'FALLBACK_WORKS', ...done, pongMs };
      }
    }
  } catch (err) {
    return { outcome: 'unavailable', code: 'FALLBACK_UNAVAILABLE', status: 200, headersMs, error: err instanceof Error ? err.message : String(err) };
  } finally {
    events.cancel();
    ac.abort();
  }
}
