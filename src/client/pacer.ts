/**
 * Paces outgoing frames under the server's per-connection rate limit (hello's `limits.rate`
 * per second and `limits.burst`): a token bucket with a safety margin, so a burst of publishes
 * is spread out instead of drawing RATE_LIMITED errors and then a 1008 close.
 */

/** @example const p = new Pacer(20, 40, Date.now()); const wait = p.take(Date.now()); */
export class Pacer {
  #tokens: number;
  readonly #rate: number;
  readonly #burst: number;
  #last: number;

  constructor(rate: number, burst: number, now: number) {
    this.#last = now;
    // Margins: heartbeat pings bypass the pacer, and clocks differ a little.
    this.#rate = rate * 0.9;
    this.#burst = Math.max(1, Math.floor(burst / 2));
    this.#tokens = this.#burst;
  }

  /** Takes one token: returns 0 if the frame may go now, else the ms to wait before asking again. */
  take(now: number): number {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#rate) / 1000);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.#rate);
  }
}
