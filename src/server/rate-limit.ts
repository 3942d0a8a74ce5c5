/**
 * Rate limits as token buckets: per connection (frames per second) and per node (handshakes
 * per second, so a reconnect storm meets 503 + Retry-After instead of a pile-up).
 */

/**
 * A token bucket: holds up to `burst` tokens and refills at `ratePerSecond`.
 * @example const b = new TokenBucket(20, 40); if (!b.take()) reject();
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
  }

  /** Takes `n` tokens if there are enough; false (and takes nothing) otherwise. */
  take(n = 1): boolean {
    this.refill();
    if (this.tokens >= n) {
      this.tokens -= n;
      return true;
    }
    return false;
  }

  /** Ms until `n` tokens are available (0 if they are now). */
  waitMs(n = 1): number {
    this.refill();
    if (this.tokens >= n) return 0;
    return Math.ceil(((n - this.tokens) * 1000) / this.ratePerSecond);
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }
}

/**
 * Per-connection frame limit: a bucket, plus a count of refusals in the current episode of
 * excess. The first refusal of an episode earns an error frame; a whole burst's worth of
 * refusals without the client slowing down (sustained excess) earns a 1008 close.
 */
export class FrameRateLimiter {
  private readonly bucket: TokenBucket;
  private refused = 0;

  constructor(
    ratePerSecond: number,
    private readonly burst: number,
    now?: () => number,
  ) {
    this.bucket = new TokenBucket(ratePerSecond, burst, now);
  }

  /** 'ok' to handle the frame; 'warn' to refuse it with RATE_LIMITED; 'refuse' silently; 'close' with 1008. */
  check(): 'ok' | 'warn' | 'refuse' | 'close' {
    if (this.bucket.take()) {
      this.refused = 0;
      return 'ok';
    }
    this.refused++;
    if (this.refused === 1) return 'warn';
    if (this.refused > this.burst) return 'close';
    return 'refuse';
  }
}
