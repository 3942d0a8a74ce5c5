import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicketStore } from './tickets.js';

test('a ticket works once, within its lifetime, and never outlives the token behind it', () => {
  let t = 0;
  const store = new TicketStore(30_000, () => t);
  const { ticket, expiresAt } = store.issue({ userId: 'alice', kind: 'static' });
  assert.equal(expiresAt, 30_000);
  assert.deepEqual(store.consume(ticket), { userId: 'alice', kind: 'ticket' });
  assert.equal(store.consume(ticket), null, 'single use');
  const late = store.issue({ userId: 'alice', kind: 'static' }).ticket;
  t = 30_000;
  assert.equal(store.consume(late), null, 'expired');
  const bound = store.issue({ userId: 'bob', kind: 'jwt', expiresAt: t + 5000 });
  assert.equal(bound.expiresAt, t + 5000);
  assert.equal(store.consume('t_made_up'), null);
});

test('expired tickets are swept', () => {
  let t = 0;
  const store = new TicketStore(1000, () => t);
  for (let i = 0; i < 5; i++) store.issue({ userId: 'u', kind: 'static' });
  t = 2000;
  store.sweep();
  assert.equal(store.size, 0);
});
