// Run by client-basic.test.ts in a child `node --experimental-websocket` (Node 20's flag for
// the WHATWG WebSocket that Node 22 has globally): the client with no WebSocket injected, the
// way it runs in browsers and Node 22+. Prints one JSON line with what happened.
import { Client } from '../../src/client/index.js';

const [url, proxyUrl] = process.argv.slice(2) as [string, string];
const client = new Client(url, { token: 'tok-a', autoConnect: false, backoff: { base: 100, max: 200 } });
const states: string[] = [];
client.on('state', (s) => states.push(s.newState));
const got: unknown[] = [];
const sub = client.subscribe('room:global', (d) => got.push(d));
client.connect();
await sub.ready();
const offset = await client.publish('room:global', 'via the global WebSocket');
while (got.length < 1) await new Promise((r) => setTimeout(r, 10));
client.close();
// And through a proxy that the parent cuts once: reconnect with the WHATWG socket too.
const c2 = new Client(proxyUrl, { token: 'tok-b', backoff: { base: 100, max: 200 } });
let opens = 0;
c2.on('state', (s) => {
  if (s.newState === 'open' && ++opens === 1) console.log('READY');
});
while (opens < 2) await new Promise((r) => setTimeout(r, 10));
c2.close();
console.log(JSON.stringify({ hasGlobal: typeof WebSocket, offset, got, states, reopened: opens }));
