/**
 * The outbox: publishes (and other requests) that are not acknowledged yet, in order, bounded by
 * count and bytes. Items stay until their reply arrives, so after a reconnect every one is sent
 * again with the same id and the server's idempotency makes each publish happen exactly once.
 */
import { OutboxFullError } from './errors.js';

export interface OutboxItem<T = unknown> {
  id: string;
  /** The frame, serialized once. */
  text: string;
  /** UTF-8 size of `text`. */
  bytes: number;
  resolve(value: T): void;
  reject(err: Error): void;
}

export interface OutboxLimits {
  /** Most unacknowledged requests. Default 1000. */
  maxCount?: number;
  /** Most bytes of unacknowledged frames. Default 1 MiB. */
  maxBytes?: number;
}

/** @example const box = new Outbox({ maxCount: 100 }); box.add(item); box.take(ackId)?.resolve(offset); */
export class Outbox {
  readonly #items = new Map<string, OutboxItem<never>>();
  /** The bytes of the items (a plain field, not a getter: the bundle has a size budget; only the outbox writes it). */
  bytes = 0;
  declare readonly maxCount: number; // (`declare`: no field definitions in the bundle)
  declare readonly maxBytes: number;

  constructor(limits: OutboxLimits = {}) {
    this.maxCount = limits.maxCount ?? 1000;
    this.maxBytes = limits.maxBytes ?? 1_048_576;
  }

  static bytesOf(text: string): number {
    return new Blob([text]).size; // UTF-8 bytes
  }

  get count(): number {
    return this.#items.size;
  }

  /** Queues an item; throws `OutboxFullError` (and queues nothing) when a bound would be passed. */
  add<T>(item: OutboxItem<T>): void {
    if (this.#items.size + 1 > this.maxCount) throw new OutboxFullError('count', this.maxCount);
    if (this.bytes + item.bytes > this.maxBytes) throw new OutboxFullError('bytes', this.maxBytes);
    this.#items.set(item.id, item as OutboxItem<never>);
    this.bytes += item.bytes;
  }

  get(id: string): OutboxItem<unknown> | undefined {
    return this.#items.get(id) as OutboxItem<unknown> | undefined;
  }

  /** Removes and returns the item with this id (its reply arrived). */
  take(id: string): OutboxItem<unknown> | undefined {
    const item = this.#items.get(id);
    if (item) {
      this.#items.delete(id);
      this.bytes -= item.bytes;
    }
    return item as OutboxItem<unknown> | undefined;
  }

  /** Every pending item, oldest first. */
  list(): OutboxItem<unknown>[] {
    return [...this.#items.values()] as OutboxItem<unknown>[];
  }

  /** Rejects and removes everything. */
  rejectAll(err: Error): void {
    const all = this.list();
    this.#items.clear();
    this.bytes = 0;
    for (const item of all) item.reject(err);
  }
}
