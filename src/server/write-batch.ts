/**
 * Write coalescing: the frames a connection sends during one event-loop turn (a publish's ack
 * and message, a fan-out, a recovery replay) leave in one `writev` instead of one syscall each.
 * The first send of a turn corks the socket (the connection does that and keeps one bit); one
 * `setImmediate` per turn for the whole process flushes every connection corked since.
 * Profiles of the publish → own-subscription echo showed ~55 % of the server's CPU in `writev`
 * (one per frame, two frames per publish) before this.
 *
 * Ordering is unchanged (a corked stream keeps the order of writes), `bufferedAmount` still
 * counts the corked bytes (the slow-consumer check sees them), and `end()`/`destroy()` on a
 * corked socket behave as usual (end flushes, destroy drops), so closes are unaffected.
 */
export interface Flushable {
  /** Uncorks the socket corked for this turn. */
  flushWrites(): void;
}

let pending: Flushable[] = [];
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const batch = pending;
  pending = [];
  for (const f of batch) {
    try {
      f.flushWrites();
    } catch {
      // A socket that fails to write reports it through its own 'error'/'close' events.
    }
  }
}

/** Flushes `target` at the end of this event-loop turn (call once per cork). */
export function flushAtTurnEnd(target: Flushable): void {
  pending.push(target);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}
