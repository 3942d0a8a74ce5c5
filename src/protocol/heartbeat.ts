/**
 * A client-side heartbeat, shared by `wsgate/client` (the text `ping`) and `wsgate/socket` (the
 * application's ping). It runs only while the caller is open (the state owns the timer).
 * Every `interval` it sends a ping; `pong` or any other frame must arrive within `timeout`, else the link
 * is declared dead. `probe()` asks the same question with a short timeout, for the moments when
 * a link is likely dead (page visible again, `online`, `pageshow`, a clock jump), so a dead link
 * is found in seconds, not at the next tick. A clock jump (laptop sleep, a background tab whose
 * timers were throttled) shows as a watch tick that fires far later than scheduled.
 */

export interface HeartbeatOptions {
  /** ms between pings (hello's `heartbeat.interval` unless overridden). */
  interval: number;
  /** ms to wait for any frame after a ping (hello's `heartbeat.timeout` unless overridden). */
  timeout: number;
  /** ms to wait after a probe. Default 3000. */
  probeTimeout?: number;
  /** ms between clock-jump checks. Default 1000. */
  watchInterval?: number;
  /** A watch tick this much later than scheduled counts as a clock jump. Default 3000. */
  jumpThreshold?: number;
}

export interface HeartbeatHooks {
  /** Send a ping (the text `ping` for wsgate). */
  ping(): void;
  /** Nothing arrived in time: the link is dead. */
  dead(): void;
  now(): number;
  /** Schedules `fn` on a timer the caller owns: clearing those timers is what stops the heartbeat. */
  timer(fn: () => void, ms: number): void;
}

/** What the client calls while the heartbeat runs. */
export interface Heartbeat {
  /** A frame arrived (any frame proves the link is alive). */
  seen(): void;
  /** Checks the link now, with the short probe timeout. */
  probe(): void;
}

/**
 * Starts the heartbeat. It has no `stop()`: it runs on `hooks.timer`, the timers of the client's
 * `open` state, and leaving that state clears them.
 * @example
 * const hb = startHeartbeat({ interval: 10_000, timeout: 10_000 }, { ping: () => ws.send('ping'), dead: reconnect, now: Date.now, timer });
 * ws.onmessage = () => hb.seen();
 */
export function startHeartbeat(options: HeartbeatOptions, hooks: HeartbeatHooks): Heartbeat {
  const { interval, timeout, probeTimeout = 3000, watchInterval = 1000, jumpThreshold = 3000 } = options;
  // Pings are numbered; a frame answers every ping sent before it. Each ping has its own
  // deadline, so overlapping checks (a probe during a regular ping) need no bookkeeping.
  let sent = 0;
  let answered = 0;
  const check = (ms: number): void => {
    const n = ++sent;
    hooks.ping();
    hooks.timer(() => {
      if (answered < n) hooks.dead();
    }, ms);
  };
  const tick = (): void =>
    hooks.timer(() => {
      check(timeout);
      tick();
    }, interval);
  const watch = (last: number): void =>
    hooks.timer(() => {
      const now = hooks.now();
      if (now - last - watchInterval > jumpThreshold) check(probeTimeout);
      watch(now);
    }, watchInterval);
  tick();
  watch(hooks.now());
  return {
    seen() {
      answered = sent;
    },
    probe: () => check(probeTimeout),
  };
}
