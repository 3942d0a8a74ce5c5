/**
 * Tickets: short-lived, single-use stand-ins for a token (`POST /api/ws/ticket`, then
 * `?ticket=`), so long-lived tokens stay out of CDN and proxy access logs. Held in this
 * process's memory: behind several nodes, fetch the ticket through the same sticky route, or
 * use `Authorization: Bearer` on the upgrade.
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from './identity.js';

export class TicketStore {
  private readonly tickets = new Map<string, { identity: Identity; expires: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxTickets = 100_000,
  ) {}

  issue(identity: Identity): { ticket: string; expiresAt: number } {
    this.sweep();
    if (this.tickets.size >= this.maxTickets) {
      const oldest = this.tickets.keys().next().value;
      if (oldest !== undefined) this.tickets.delete(oldest);
    }
    const ticket = `t_${randomBytes(24).toString('base64url')}`;
    const expiresAt = Math.min(this.now() + this.ttlMs, identity.expiresAt ?? Infinity);
    this.tickets.set(ticket, { identity, expires: expiresAt });
    return { ticket, expiresAt };
  }

  /** The identity behind a ticket, once: the ticket is gone afterwards. Null if unknown or expired. */
  consume(ticket: string): Identity | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    if (entry.expires <= this.now()) return null;
    return { ...entry.identity, kind: 'ticket' };
  }

  sweep(): void {
    const now = this.now();
    for (const [t, e] of this.tickets) if (e.expires <= now) this.tickets.delete(t);
  }

  get size(): number {
    return this.tickets.size;
  }
}
