/**
 * The SSE adapter of the session's transport port (session/transport.ts): frames out as events
 * on one streaming response, frames in from sends (POSTs) handed over in order, at most once
 * (send-sequencer.ts). There is no protocol ping on SSE, so the adapter keeps the stream alive
 * itself (a comment line every `heartbeatMs`, ≤ 10 s: CDNs cut silent responses after 10–30 s,
 * docs/sse-through-proxies.md) and notices a gone peer itself: a client pings through a send
 * every heartbeat interval, so no send for `peerTimeoutMs` means it is gone.
 *
 * The response head is written with the first frame (hello), so a refusal found by
 * `SessionRegistry.open()` can still be an HTTP status.
 */
import type { ServerResponse } from 'node:http';
import type { SessionTransport, TransportListener } from '../../session/transport.js';
import { SendSequencer, type SendOutcome } from './send-sequencer.js';
import { SSE_HEADERS, SSE_HEARTBEAT, SSE_OPENING, sseClose, sseEvent } from './sse-wire.js';

export interface SseTransportOptions {
  /** The send key the client gets first (`event: session`). */
  key: string;
  /** Extra response headers (CORS). */
  headers: Record<string, string>;
  /** ms between heartbeat comments. */
  heartbeatMs: number;
  /** ms without a send after which the peer counts as gone. */
  peerTimeoutMs: number;
  /** Called once when the stream has ended (for the node's table of streams). */
  onEnd(): void;
  /** Called when the peer timed out (metrics, a log line). */
  onPeerTimeout(silentMs: number): void;
}

export class SseTransport implements SessionTransport {
  readonly kind = 'sse' as const;
  listener: TransportListener | undefined;
  readonly #res: ServerResponse;
  readonly #opts: SseTransportOptions;
  readonly #sequencer: SendSequencer;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #closing = false;
  #ended = false;
  #code = 1006;
  #reason = 'stream closed by the client';
  #lastSend = Date.now();

  constructor(res: ServerResponse, options: SseTransportOptions) {
    this.#res = res;
    this.#opts = options;
    this.#sequencer = new SendSequencer((frames) => {
      for (const f of frames) if (this.isOpen) this.listener?.handleText(f);
    });
    res.on('close', () => this.#end());
  }

  attach(listener: TransportListener): void {
    this.listener = listener;
  }

  get remoteAddress(): string {
    return this.#res.socket?.remoteAddress ?? 'unknown';
  }
  get isOpen(): boolean {
    return !this.#closing && !this.#ended;
  }
  get bufferedAmount(): number {
    return (this.#res.socket?.writableLength ?? 0) + this.#res.writableLength;
  }
  get corkedBytes(): number {
    return this.#res.socket?.writableLength ?? 0;
  }

  send(frame: string | Buffer): void {
    this.#write(sseEvent(typeof frame === 'string' ? frame : frame.toString('utf8')));
  }
  sendMany(texts: readonly string[]): void {
    this.#write(texts.map((t) => sseEvent(t)).join(''));
  }
  cork(): void {
    this.#res.socket?.cork();
  }
  flush(): void {
    this.#res.socket?.uncork();
  }

  /** Ends the stream with a close event: the client reads it as a WebSocket close. */
  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.#write(sseClose(code, reason));
    this.#closing = true;
    this.#code = code;
    this.#reason = reason;
    this.#res.end();
  }

  terminate(): void {
    this.#closing = true;
    this.#res.destroy();
  }

  /** A send for this session (from this node or forwarded): applied in seq order, at most once. */
  receive(seq: number, frames: string[]): Promise<SendOutcome> {
    if (!this.isOpen) return Promise.resolve('gap');
    this.#lastSend = Date.now();
    return this.#sequencer.receive(seq, frames);
  }

  #write(chunk: string): void {
    if (!this.isOpen) return;
    if (!this.#started) {
      this.#started = true;
      this.#res.writeHead(200, { ...SSE_HEADERS, ...this.#opts.headers });
      this.#timer = setInterval(() => this.#tick(), this.#opts.heartbeatMs);
      chunk = SSE_OPENING + sseEvent(this.#opts.key, 'session') + chunk;
    }
    this.#res.write(chunk);
  }

  #tick(): void {
    const silent = Date.now() - this.#lastSend;
    if (silent > this.#opts.peerTimeoutMs) {
      this.#opts.onPeerTimeout(silent);
      this.terminate();
      return;
    }
    if (this.#started && this.isOpen) this.#res.write(SSE_HEARTBEAT);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#timer);
    this.#sequencer.clear();
    this.#opts.onEnd();
    // A drop the client did not announce is 1006, as on a WebSocket without a close frame.
    this.listener?.transportClosed(this.#closing ? this.#code : 1006, this.#closing ? this.#reason : 'stream closed by the client');
  }
}
