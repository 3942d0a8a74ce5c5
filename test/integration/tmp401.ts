import { makeClient, startServer } from '/work/wt/client/test/integration/client-helpers.js';
const server = await startServer();
let asked = 0;
const c = makeClient(server.url, { token: () => `nope-${++asked}` });
c.client.on('state', (s) => console.log(s));
c.client.on('error', (e) => console.log('err', e.code, e.message));
await c.until('closed');
console.log(asked, c.client.lastClose);
await server.close();
