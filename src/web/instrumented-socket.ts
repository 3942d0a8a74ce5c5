/**
 * A WebSocket constructor for `new Client(url, { WebSocket })` that reports every text frame
 * in and out to a listener, without changing what the client sees. This is how the console
 * watches the heartbeat (ping → pong), the hello and the resubscribes of the client it runs:
 * the client stays the one in `src/client`, unmodified.
 */

export interface FrameListener {
  frameIn(at: number, text: string): void;
  frameOut(at: number, text: string): void;
}

/**
 * @example
 * const WS = instrumentedWebSocket(WebSocket, monitor, () => performance.now());
 * new Client(url, { WebSocket: WS });
 */
export function instrumentedWebSocket(Base: typeof WebSocket, listener: FrameListener, now: () => number): typeof WebSocket {
  return class InstrumentedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the client sets onmessage, so frames are seen in arrival order.
      this.addEventListener('message', (ev: MessageEvent) => {
        if (typeof ev.data === 'string') listener.frameIn(now(), ev.data);
      });
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data === 'string' && this.readyState === Base.OPEN) listener.frameOut(now(), data);
      super.send(data);
    }
  };
}
