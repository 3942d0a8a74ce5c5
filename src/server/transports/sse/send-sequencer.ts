/**
 * The sends of one SSE session, applied in order and at most once (docs/protocol.md "SSE
 * fallback"). Each send carries seq 1, 2, 3…; a seq already applied is a retry and is answered
 * "duplicate" without applying it again; a seq ahead of the next one waits (bounded in count and
 * time) for the ones before it, so two sends in flight cannot be applied out of order; a copy of
 * a waiting seq shares its outcome.
 */

export type SendOutcome = 'applied' | 'duplicate' | 'gap';

interface Held {
  frames: string[];
  done: Promise<SendOutcome>;
  resolve: (o: SendOutcome) => void;
  timer: NodeJS.Timeout;
}

export interface SequencerOptions {
  /** Sends ahead of the next one kept waiting at most. Default 16. */
  maxHeld?: number;
  /** How long one waits for the sends before it. Default 5000 ms. */
  holdMs?: number;
}

export class SendSequencer {
  #next = 1;
  readonly #held = new Map<number, Held>();
  readonly #maxHeld: number;
  readonly #holdMs: number;

  constructor(
    /** Applies one send's frames, in order (synchronously hands them to the session). */
    private readonly apply: (frames: string[]) => void,
    options: SequencerOptions = {},
  ) {
    this.#maxHeld = options.maxHeld ?? 16;
    this.#holdMs = options.holdMs ?? 5000;
  }

  /** The seq the next new send must carry. */
  get next(): number {
    return this.#next;
  }

  receive(seq: number, frames: string[]): Promise<SendOutcome> {
    if (seq < this.#next) return Promise.resolve('duplicate');
    const waiting = this.#held.get(seq);
    if (waiting) return waiting.done.then((o) => (o === 'applied' ? 'duplicate' : o));
    if (seq > this.#next) return this.#hold(seq, frames);
    this.#applyNext(frames);
    return Promise.resolve('applied');
  }

  /** Drops what is waiting (the session ended). */
  clear(): void {
    for (const h of this.#held.values()) {
      clearTimeout(h.timer);
      h.resolve('gap');
    }
    this.#held.clear();
  }

  #applyNext(frames: string[]): void {
    this.#next++;
    this.apply(frames);
    for (let h = this.#held.get(this.#next); h; h = this.#held.get(this.#next)) {
      this.#held.delete(this.#next);
      clearTimeout(h.timer);
      this.#next++;
      this.apply(h.frames);
      h.resolve('applied');
    }
  }

  #hold(seq: number, frames: string[]): Promise<SendOutcome> {
    if (this.#held.size >= this.#maxHeld) return Promise.resolve('gap');
    let resolve!: (o: SendOutcome) => void;
    const done = new Promise<SendOutcome>((r) => (resolve = r));
    const timer = setTimeout(() => {
      this.#held.delete(seq);
      resolve('gap');
    }, this.#holdMs);
    this.#held.set(seq, { frames, done, resolve, timer });
    return done;
  }
}
