/** A minimal typed event emitter (no dependency on Node's `events`, so it runs in browsers). */

export type Listener<T> = (payload: T) => void;

/**
 * Calls an app callback so that if it throws, the caller (the state machine) carries on: the
 * error is rethrown asynchronously, where the runtime reports it.
 */
export function safely<A extends unknown[]>(fn: (...args: A) => void, ...args: A): void {
  try {
    fn(...args);
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

/**
 * @example
 * const e = new Emitter<{ ping: number }>(); const off = e.on('ping', (n) => …); off();
 */
export class Emitter<Events extends object> {
  #listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(type: K, fn: Listener<Events[K]>): () => void {
    (this.#listeners[type] ??= new Set()).add(fn);
    return () => this.off(type, fn);
  }

  off<K extends keyof Events>(type: K, fn: Listener<Events[K]>): void {
    this.#listeners[type]?.delete(fn);
  }

  /** Calls every listener (`safely`: one that throws breaks nothing). */
  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const fn of [...(this.#listeners[type] ?? [])]) safely(fn, payload);
  }
}
