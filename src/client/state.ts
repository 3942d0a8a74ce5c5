/**
 * The client's states and the transitions between them (ARCHITECTURE.md "client", the centrifuge-js model).
 *
 *   closed ──connect()──▶ connecting ──hello──▶ open
 *     ▲                     │    ▲                │
 *     │ close()/terminal    │fail│ timer/online   │ lost (close, heartbeat); open → open: back on WebSocket
 *     └──────────────── reconnecting ◀────────────┘
 *
 * Each state owns its timers: `connecting` the connect timeout, `open` the heartbeat and the
 * pacer, `reconnecting` the backoff wait. Leaving a state clears them.
 */

export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Allowed transitions. `Client.to()` follows them by construction; every unit and integration
 * test checks each transition it observes against this table (the check is kept out of the
 * shipped bundle, which has a 5 KB budget).
 */
export const TRANSITIONS: Readonly<Record<State, readonly State[]>> = {
  closed: ['connecting'],
  connecting: ['open', 'reconnecting', 'closed'],
  // open → open: moved back to WebSocket from a fallback (a new session, nothing lost).
  open: ['open', 'reconnecting', 'closed'],
  reconnecting: ['connecting', 'closed'],
};

export function canTransition(from: State, to: State): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The payload of the `state` event. */
export interface StateChange {
  oldState: State;
  newState: State;
  /** Set when the change was caused by a close: its code and reason. */
  code?: number;
  reason?: string;
  /** On `reconnecting`: ms until the next attempt. */
  delay?: number;
}
