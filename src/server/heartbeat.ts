/**
 * Heartbeat: protocol pings from the server (browsers cannot send them, whatwg/html#3809), at an
 * interval well under the idle limits on the path (Tencent CDN's 15 s default is the sharpest,
 * docs/facts.md). The first ping of each connection is spread randomly over one interval so a
 * reconnect wave does not ping in lock-step. A peer that does not answer within `timeout` is
 * terminated (it is gone; a close handshake would wait for nothing).
 */
export interface HeartbeatTarget {
  ping(): void;
  /** Called when no pong came back in time. */
  onTimeout(): void;
  /** Round-trip time of an answered ping, in ms. */
  onRtt(ms: number): void;
}

export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
  random?: () => number;
  now?: () => number;
}

const performanceNow = (): number => performance.now();

/** Timer callbacks are module-level with the heartbeat as argument: no closure per timer. */
function fireBeat(hb: Heartbeat): void {
  hb.beat();
}
function fireTimeout(hb: Heartbeat): void {
  hb.timedOut();
}

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private sentAt: number | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly target: HeartbeatTarget,
    private readonly options: HeartbeatOptions,
  ) {
    this.now = options.now ?? performanceNow;
  }

  start(): void {
    const first = Math.floor((this.options.random ?? Math.random)() * this.options.intervalMs);
    this.schedule(first);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(fireBeat, delay, this);
    this.timer.unref?.();
  }

  /** @internal The ping timer fired. */
  beat(): void {
    if (this.stopped) return;
    this.sentAt = this.now();
    try {
      this.target.ping();
    } catch {
      // The socket is closing; the close handler stops us.
    }
    this.timer = setTimeout(fireTimeout, this.options.timeoutMs, this);
    this.timer.unref?.();
  }

  /** @internal The pong timer fired. */
  timedOut(): void {
    if (this.stopped) return;
    this.stop();
    this.target.onTimeout();
  }

  /** A pong arrived. */
  pong(): void {
    if (this.stopped || this.sentAt === undefined) return;
    this.target.onRtt(this.now() - this.sentAt);
    this.sentAt = undefined;
    if (this.timer) clearTimeout(this.timer);
    // Next ping one interval after this answer: at most one ping is ever outstanding.
    this.schedule(this.options.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
