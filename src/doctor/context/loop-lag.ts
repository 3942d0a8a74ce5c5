/**
 * How late the doctor's own event loop runs, so a socket event can say how stale its time stamp
 * may be (docs/doctor.md "How the idle cut is timed"). A timer ticks every `intervalMs` while
 * someone listens; an event handled at T arrived no earlier than the tick before the last tick
 * that ran before T (a tick that ran late ran right after the block that also delayed the
 * event), so `staleness(T)` = T − that tick: about two intervals on a healthy loop, the length
 * of the block on a busy one. One sampler per `nodeIO()`: no module-level state.
 */
export interface LoopLag {
  /** Starts sampling for one user; the returned function stops it (the timer ends with the last user). */
  acquire(onLag?: (lagMs: number) => void): () => void;
  /** How long before `at` (a stamp taken now, in a handler) the stamped event may have arrived. */
  staleness(at: number): number;
  /** The lag building up now, which the next tick would report (a stall just before a stamp). */
  lagNow(at: number): number;
}

export function loopLag(now: () => number, intervalMs = 10): LoopLag {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let beforeLast = 0;
  const listeners = new Set<(lagMs: number) => void>();
  let users = 0;
  const tick = (): void => {
    const t = now();
    const lag = Math.max(0, t - last - intervalMs);
    beforeLast = last;
    last = t;
    for (const l of listeners) l(lag);
  };
  return {
    acquire(onLag) {
      if (users++ === 0) {
        last = beforeLast = now();
        timer = setInterval(tick, intervalMs);
        timer.unref();
      }
      if (onLag) listeners.add(onLag);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (onLag) listeners.delete(onLag);
        if (--users === 0) clearInterval(timer);
      };
    },
    staleness(at) {
      return Math.max(0, at - beforeLast);
    },
    lagNow(at) {
      return Math.max(0, at - last - intervalMs);
    },
  };
}
