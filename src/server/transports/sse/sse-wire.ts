/**
 * The SSE stream's wire format (docs/protocol.md "SSE fallback"): the response headers that
 * keep proxies and CDNs from buffering or compressing it (docs/sse-through-proxies.md), and the
 * three kinds of event: a server frame (`data:`), the send key (`event: session`) and the close
 * (`event: close`, data `<code> <reason>`). Comment lines are the heartbeat.
 */

/**
 * Headers of every stream response, written and flushed at once. `Connection: keep-alive` is
 * for HTTP/1.1 only (HTTP/2 forbids it): Node's http/1.1 server sends it by itself.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/**
 * Sent first, so the headers leave with a body byte: some proxies hold a response until its
 * first body byte, and a client can tell "stream open" from "headers only".
 */
export const SSE_OPENING = ':ok\n\n';

/** A heartbeat: a comment line, ignored by every SSE reader, but bytes on the wire for idle timeouts. */
export const SSE_HEARTBEAT = ':\n\n';

/**
 * One event. Frames are JSON (never a raw newline), but any text is split into `data:` lines
 * so the stream cannot be broken by what it carries.
 * @example sseEvent('{"type":"hello"}') // 'data: {"type":"hello"}\n\n'
 */
export function sseEvent(data: string, event?: 'session' | 'close'): string {
  const lines = data.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`).join('');
  return `${event ? `event: ${event}\n` : ''}${lines}\n`;
}

/** The close event: the client reads it as a WebSocket close with this code and reason. */
export function sseClose(code: number, reason: string): string {
  return sseEvent(`${code} ${reason}`, 'close');
}
