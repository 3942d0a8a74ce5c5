// Shared by the client-*.test.ts integration files: a real wsgate server in-process, real `ws`
// sockets injected into the real client, and small waits.
import WebSocket from 'ws';
import { createServer, type CreateServerOptions, type WsgateServer } from '../../src/server/index.js';
import { Client, type ClientOptions, type StateChange, type WsgateClientError } from '../../src/client/index.js';
import { waitFor } from '../lab/index.js';
import { canTransition } from '../../src/client/state.js';

export { waitFor };

export const TOKENS = 'tok-a:alice,tok-b:bob,tok-c:carol';

export function startServer(options: CreateServerOptions = {}): Promise<WsgateServer> {
  return createServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', defaultMetrics: false, statsInterval: 0, tokens: TOKENS, pingInterval: 1000, ...options });
}

export interface Watched {
  client: Client;
  states: StateChange[];
  errors: WsgateClientError[];
  /** Resolves when the client is next in `state` (at once if it already is). */
  until(state: StateChange['newState'], timeoutMs?: number): Promise<void>;
}

/** A client on Node 20 (`ws` injected), with its state changes and errors recorded. */
export function makeClient(url: string, options: ClientOptions = {}): Watched {
  const client = new Client(url, { WebSocket, token: 'tok-a', ...options, autoConnect: false });
  const states: StateChange[] = [];
  const errors: WsgateClientError[] = [];
  client.on('state', (s) => {
    if (!canTransition(s.oldState, s.newState)) throw new Error(`transition ${s.oldState} → ${s.newState} is not in the table`);
    states.push(s);
  });
  client.on('error', (e) => errors.push(e));
  if (options.autoConnect !== false) client.connect();
  return {
    client,
    states,
    errors,
    until: (state, timeoutMs = 10_000) => waitFor(`client ${state}`, () => client.state === state, timeoutMs),
  };
}
