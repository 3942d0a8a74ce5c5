/**
 * The `ws` adapter of the session's transport port (session/transport.ts): frames out through
 * `ws.send`, corked on the TCP socket under it, protocol pings, and the socket's events turned
 * into the session's `handleText` / `handleBinary` / `handlePong` / `transportClosed`.
 *
 * Per-connection memory matters, so the socket listeners are shared module-level functions
 * that find their adapter on the WebSocket (no closure per connection); they hold no state.
 */
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { SessionTransport, TransportListener } from '../session/transport.js';

const ADAPTER = Symbol('wsgate.transport');
/** A frame's UTF-8 bytes go out as a text frame, as its text would. */
const TEXT_FRAME = { binary: false } as const;
type Owned = WebSocket & { [ADAPTER]?: WebSocketTransport };

function onSocketMessage(this: Owned, data: RawData, isBinary: boolean): void {
  const listener = this[ADAPTER]?.listener;
  if (!listener) return;
  if (isBinary) listener.handleBinary();
  else listener.handleText(textOf(data));
}
/** A text frame's text: decoded straight from the frame's bytes (`Buffer.from` of a Buffer would copy them first). */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}
function onSocketPong(this: Owned): void {
  this[ADAPTER]?.listener?.handlePong();
}
function onSocketError(this: Owned, err: Error): void {
  this[ADAPTER]?.listener?.transportError(err.message);
}
function onSocketClose(this: Owned, code: number, reason: Buffer): void {
  this[ADAPTER]?.listener?.transportClosed(code, reason.toString());
}

export class WebSocketTransport implements SessionTransport {
  readonly kind = 'websocket' as const;
  /** @internal Who hears the socket's events (set by `attach`). */
  listener: TransportListener | undefined;

  constructor(
    readonly ws: WebSocket,
    /** The TCP socket under `ws`, corked per turn so a turn's frames leave in one write. */
    private readonly socket?: Duplex,
  ) {
    (ws as Owned)[ADAPTER] = this;
  }

  /** Routes the socket's frames, pongs and close to `listener` (once, right after the session is made). */
  attach(listener: TransportListener): void {
    this.listener = listener;
    const { ws } = this;
    ws.on('message', onSocketMessage);
    ws.on('pong', onSocketPong);
    ws.on('close', onSocketClose);
    // ws reports protocol violations (bad UTF-8 → 1007, too big → 1009) here and closes itself.
    ws.on('error', onSocketError);
  }

  get remoteAddress(): string {
    return (this.socket as { remoteAddress?: string } | undefined)?.remoteAddress ?? 'unknown';
  }
  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
  get corkedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }
  send(frame: string | Buffer): void {
    if (typeof frame === 'string') this.ws.send(frame);
    else this.ws.send(frame, TEXT_FRAME);
  }
  sendMany(texts: readonly string[]): void {
    for (const t of texts) this.ws.send(t);
  }
  cork(): void {
    this.socket?.cork();
  }
  flush(): void {
    this.socket?.uncork();
  }
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }
  terminate(): void {
    this.ws.terminate();
  }
  ping(): void {
    this.ws.ping();
  }
}
