/**
 * The client heartbeat (runs only while the client is `open`, STYLE.md §7). Every `interval` it
 * sends the text `ping`; `pong` or any other frame must arrive within `timeout`, else the link
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
  /** Send the text `ping`. */
  ping(): void;
  /** Nothing arrived in time: the link is dead. */
  dead(): void;
  now(): number;
}

/**
 * @example
 * const hb = new Heartbeat({ interval: 10_000, timeout: 10_000 }, { ping: () => ws.send('ping'), dead: reconnect, now: Date.now });
 * hb.start(); ws.onmessage = () => hb.seen();
 */
export class Heartbeat {
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private watchTimer: ReturnType<typeof setTimeout> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private deadlineAt = 0;
  private running = false;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly hooks: HeartbeatHooks,
  ) {}

  start(): void {
    this.running = true;
    this.schedulePing();
    this.watch(this.hooks.now());
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.pingTimer);
    clearTimeout(this.watchTimer);
    this.seen();
  }

  /** A frame arrived (any frame proves the link is alive). */
  seen(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  /** Checks the link now, with the short probe timeout; no-op if a check with a sooner deadline runs. */
  probe(): void {
    if (!this.running) return;
    this.check(this.options.probeTimeout ?? 3000);
  }

  private check(timeout: number): void {
    const at = this.hooks.now() + timeout;
    if (this.deadline !== undefined && this.deadlineAt <= at) {
      this.hooks.ping();
      return;
    }
    this.seen();
    this.deadlineAt = at;
    this.deadline = setTimeout(() => {
      this.deadline = undefined;
      if (this.running) this.hooks.dead();
    }, timeout);
    this.hooks.ping();
  }

  private schedulePing(): void {
    this.pingTimer = setTimeout(() => {
      this.check(this.options.timeout);
      if (this.running) this.schedulePing();
    }, this.options.interval);
  }

  private watch(last: number): void {
    const every = this.options.watchInterval ?? 1000;
    this.watchTimer = setTimeout(() => {
      const now = this.hooks.now();
      if (now - last - every > (this.options.jumpThreshold ?? 3000)) this.probe();
      if (this.running) this.watch(now);
    }, every);
  }
}
