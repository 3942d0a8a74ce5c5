/**
 * The SSE + POST transport, shaped like the WebSocket the client already speaks (`SocketLike`),
 * so the state machine is the same on both (docs/protocol.md "SSE fallback").
 *
 * - Downstream: `GET <path>/sse` read with `fetch` (not EventSource: EventSource can send no
 *   `Authorization`, hides the HTTP status, so 401 and 503 look alike, and reconnects on its
 *   own behind the state machine's back). Each event's data is one server frame; `event:
 *   session` carries the send key, `event: close` the close code and reason.
 * - Upstream: `POST <path>/send`, body `<key>\n<seq>\n<frame>\n<frame>…` as text/plain (a CORS
 *   "simple request": no preflight). One POST in flight; frames queued meanwhile go in the next.
 *   A POST that fails without an answer is sent again with the same seq: the server applies
 *   each seq once, in order. Any 4xx, or a 5xx three times running, ends the transport (1006),
 *   and the client reconnects and resends what is unacknowledged, exactly once by id.
 */
import type { SocketLike } from './transport.js';

type CloseEvent = { code: number; reason: string };
type Rejected = (req: unknown, res: { statusCode?: number; headers: Record<string, string | undefined> }) => void;

/** Frames per POST at most (the server's body limit is docs/protocol.md's). */
const BATCH = 100;

export class SseSocket implements SocketLike {
  readyState = 0;
  // `declare`: the client sets them; no initialisers in the bundle (size budget, docs/client.md "Size").
  declare onmessage: ((ev: { data: unknown }) => void) | null;
  declare onclose: ((ev: CloseEvent) => void) | null;
  declare onerror: ((ev: unknown) => void) | null;
  #ac = new AbortController();
  #key: string | undefined;
  #seq = 0;
  #out: string[] = [];
  #busy: boolean | undefined;
  #rejected: Rejected | undefined;

  /** The endpoints' base (http/https). */
  readonly #url: string;
  readonly #fetch: typeof globalThis.fetch;

  /**
   * @param wsUrl the WebSocket URL (ws/wss; no token in it): the endpoints are beside it
   * @param token sent as `Authorization: Bearer …` on the stream request
   */
  constructor(wsUrl: string, token: string | null | undefined, fetch: typeof globalThis.fetch) {
    this.#fetch = fetch;
    this.#url = wsUrl.replace(/^ws/, 'http');
    void this.#read(token);
  }

  /** Like `ws`'s: the stream request got an HTTP error instead of a stream. */
  on(_event: 'unexpected-response', fn: Rejected): void {
    this.#rejected = fn;
  }

  send(text: string): void {
    this.#out.push(text);
    void this.#post();
  }

  /** (No `terminate()`: the client then calls `close()`, which ends the transport at once anyway.) */
  close(): void {
    this.#end(1000, '');
  }

  async #read(token: string | null | undefined): Promise<void> {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers.authorization = 'Bearer ' + token;
      const res = await this.#fetch(this.#url + '/sse', { headers, cache: 'no-store', signal: this.#ac.signal });
      if (!res.ok || !res.body) {
        this.#rejected?.(0, { statusCode: res.status, headers: { 'retry-after': res.headers.get('retry-after') as string } }); // (null reads as none)
        return this.#end(1006, 'HTTP ' + res.status);
      }
      this.readyState = 1;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value.replace(/\r/g, '');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          this.#event(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      }
      this.#end(1006, 'stream ended');
    } catch (err) {
      this.#end(1006, String(err));
    }
  }

  /** One SSE event: `event:` and `data:` lines (comments, the heartbeats, start with `:`). */
  #event(block: string): void {
    let name = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const m = /^(event|data): ?(.*)/.exec(line);
      if (m?.[1] === 'event') name = m[2]!;
      else if (m) data.push(m[2]!);
    }
    const text = data.join('\n');
    if (name === 'session') {
      this.#key = text;
      void this.#post();
    } else if (name === 'close') {
      const sp = text.indexOf(' ');
      this.#end(Number(text.slice(0, sp)), text.slice(sp + 1));
    } else if (data.length && this.readyState === 1) this.onmessage?.({ data: text });
  }

  async #post(): Promise<void> {
    if (this.#busy || !this.#key || !this.#out.length) return;
    this.#busy = true;
    const body = `${this.#key}\n${++this.#seq}\n${this.#out.splice(0, BATCH).join('\n')}`;
    for (let i = 0; this.readyState === 1; i++) {
      try {
        const res = await this.#fetch(this.#url + '/send', { method: 'POST', body, headers: { 'content-type': 'text/plain' }, signal: this.#ac.signal });
        if (res.ok) break;
        if (res.status < 500 || i > 1) return this.#end(1006, 'send: HTTP ' + res.status);
      } catch {
        if (i > 1) return this.#end(1006, 'send failed');
      }
      await new Promise((r) => setTimeout(r, 250 << i));
    }
    this.#busy = false;
    void this.#post();
  }

  #end(code: number, reason: string): void {
    if (this.readyState > 2) return;
    this.readyState = 3;
    this.#ac.abort();
    this.onclose?.({ code, reason });
  }
}
