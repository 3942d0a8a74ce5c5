/**
 * Time stamps of one socket's traffic and end, taken in the socket's own event handlers: the
 * idle probe times a cut from the last byte to the FIN/reset (docs/doctor.md "How the idle cut
 * is timed"), not from when its loop next looked. Each stamp carries how stale it may be
 * (`LoopLag.staleness`), so a busy machine shows up as uncertainty, not as a longer cut. It also
 * keeps the last traffic a lazy idle timer surely counted (nginx, docs/doctor.md "Lazy timers").
 */
import type { Socket } from 'node:net';
import type { SessionTiming } from '../types.js';
import type { LoopLag } from './loop-lag.js';

/**
 * nginx moves a pending timer only when its new expiry differs by at least this much
 * (NGX_TIMER_LAZY_DELAY in src/event/ngx_event_timer.h, docs/doctor.md "Lazy timers"): traffic
 * sooner than this after the last restart leaves `proxy_read_timeout` where it was.
 */
export const LAZY_TIMER_MS = 300;

/** The last restart of a lazy timer once traffic came at `at`, given its restart before. */
export function lazyRestart(restartedAt: number, at: number): number {
  return at - restartedAt >= LAZY_TIMER_MS ? at : restartedAt;
}

export class SocketTiming {
  private openedAt: number;
  private lastTrafficAt: number;
  private lastTrafficStaleMs = 0;
  private lazyRestartAt: number;
  private longestSilenceMs = 0;
  private closedAt: number | undefined;
  private closedStaleMs: number | undefined;
  private maxLoopLagMs = 0;
  private readonly release: () => void;

  constructor(
    private readonly now: () => number,
    private readonly lag: LoopLag,
  ) {
    this.openedAt = this.lastTrafficAt = this.lazyRestartAt = now();
    this.release = lag.acquire((ms) => {
      if (ms > this.maxLoopLagMs) this.maxLoopLagMs = ms;
    });
  }

  /** Stamps every chunk in and the socket's end (FIN, error or close, whichever comes first). */
  attach(socket: Socket): void {
    socket.on('data', () => this.traffic(this.lag));
    const end = (): void => {
      if (this.closedAt !== undefined) return;
      const at = this.now();
      this.closedAt = at;
      this.closedStaleMs = this.lag.staleness(at);
      this.noteLag(at);
      this.longestSilenceMs = Math.max(this.longestSilenceMs, at - this.lastTrafficAt);
      this.release();
    };
    socket.once('end', end);
    socket.once('error', end);
    socket.once('close', end);
  }

  /** The WebSocket opened: silence is counted from here (the upgrade's bytes came before). */
  opened(): void {
    this.openedAt = this.lastTrafficAt = this.lazyRestartAt = this.now();
    this.lastTrafficStaleMs = 0;
  }

  /** The doctor wrote a frame: its own sends are stamped exactly. */
  sent(): void {
    this.traffic(null);
  }

  /** Stops sampling the loop (the session is given up before its socket ended). */
  stop(): void {
    this.release();
  }

  private traffic(lag: LoopLag | null): void {
    if (this.closedAt !== undefined) return;
    const at = this.now();
    this.longestSilenceMs = Math.max(this.longestSilenceMs, at - this.lastTrafficAt);
    this.lastTrafficAt = at;
    this.lazyRestartAt = lazyRestart(this.lazyRestartAt, at);
    this.lastTrafficStaleMs = lag ? lag.staleness(at) : 0;
    this.noteLag(at);
  }

  /** A stall that ends in this handler is counted now: the tick that would report it may come after the end. */
  private noteLag(at: number): void {
    this.maxLoopLagMs = Math.max(this.maxLoopLagMs, this.lag.lagNow(at));
  }

  snapshot(): SessionTiming {
    const end = this.closedAt ?? this.now();
    const t: SessionTiming = {
      openedAt: this.openedAt,
      lastTrafficAt: this.lastTrafficAt,
      lastTrafficStaleMs: this.lastTrafficStaleMs,
      lazyRestartAt: this.lazyRestartAt,
      longestSilenceMs: Math.max(this.longestSilenceMs, end - this.lastTrafficAt),
      maxLoopLagMs: this.maxLoopLagMs,
    };
    if (this.closedAt !== undefined) {
      t.closedAt = this.closedAt;
      t.closedStaleMs = this.closedStaleMs ?? 0;
    }
    return t;
  }
}
