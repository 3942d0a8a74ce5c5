/**
 * Write coalescing: the frames a session sends during one event-loop turn (a publish's ack
 * and message, a fan-out, a recovery replay) leave in one `writev` instead of one syscall each.
 * The first send of a turn corks the transport (the session does that and keeps one bit); one
 * `setImmediate` per turn per server flushes every session corked since. There is one
 * `WriteBatcher` per server, so two servers in one process share nothing.
 * Profiles of the publish → own-subscription echo showed ~55 % of the server's CPU in `writev`
 * (one per frame, two frames per publish) before this (docs/server.md, performance notes).
 *
 * Ordering is unchanged (a corked stream keeps the order of writes), `bufferedAmount` still
 * counts the corked bytes (the slow-consumer check sees them), and `end()`/`destroy()` on a
 * corked socket behave as usual (end flushes, destroy drops), so closes are unaffected.
 */
export interface Flushable {
  /** Uncorks the transport corked for this turn. */
  flushWrites(): void;
}

/** Bytes a session holds corked within one event-loop turn before it writes anyway. */
export const CORK_LIMIT = 64 * 1024;

function flushBatch(batcher: WriteBatcher): void {
  batcher.flushAll();
}

export class WriteBatcher {
  private pending: Flushable[] = [];
  private scheduled = false;

  /** Flushes `target` at the end of this event-loop turn (call once per cork). */
  flushAtTurnEnd(target: Flushable): void {
    this.pending.push(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(flushBatch, this);
    }
  }

  /** @internal The end of the turn. */
  flushAll(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const f of batch) {
      try {
        f.flushWrites();
      } catch {
        // A transport that fails to write reports it through its own close.
      }
    }
  }
}
