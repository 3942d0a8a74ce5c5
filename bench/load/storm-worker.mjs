// Reconnect storm, client side: real client libraries (not the raw load client), because what is
// measured is how each library comes back when every connection drops at once.
//   wsgate    wsgate/client (dist/client) with `ws` injected
//   ws           reconnecting-websocket with `ws` injected (what people put in front of a bare ws server)
//   partysocket  partysocket's ReconnectingWebSocket (partysocket/ws) with `ws` injected
//   socket       wsgate/socket (dist/socket) with `ws` injected, heartbeat off (bare ws does not answer `ping`)
//   socketio  socket.io-client with its defaults (long-polling first, then the WebSocket upgrade)
// Each client's (re)opens and connection attempts are time-stamped on the process's monotonic
// clock; the main thread kills and restarts the server and reads the stamps.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { kind, url, first, count, users, sourceAddrs } = workerData;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let phase = 'initial';
// A library bug must not end the run: reconnecting-websocket closes a `ws` that is still
// connecting when its connection timeout fires (under load), and `ws` then throws "closed before
// the connection was established" from a socket RWS no longer listens to. Counted and reported.
let uncaught = 0;
let firstUncaught = '';
process.on('uncaughtException', (err) => {
  uncaught++;
  firstUncaught ||= String(err?.message ?? err);
});
const opens = []; // times of (re)opens during the storm phase
const attempts = []; // times of connection attempts during the storm phase
const isOpen = new Uint8Array(count);
let openCount = 0;
const clients = [];

function markOpen(i) {
  if (!isOpen[i]) {
    isOpen[i] = 1;
    openCount++;
  }
  if (phase === 'storm') opens.push(nowMs());
}
function markDown(i) {
  if (isOpen[i]) {
    isOpen[i] = 0;
    openCount--;
  }
}
function markAttempt() {
  if (phase === 'storm') attempts.push(nowMs());
}

/** `ws` with this client's source address, counting attempts. */
function wsClass(localAddress) {
  return class extends WebSocket {
    constructor(u, protocols) {
      markAttempt();
      super(u, protocols, { localAddress });
    }
  };
}

async function make(i) {
  const g = first + i;
  const token = `t${g % users}`;
  const localAddress = sourceAddrs[g % sourceAddrs.length];
  if (kind === 'wsgate') {
    const { Client } = await import(new URL('../../dist/client/index.js', import.meta.url).href);
    const c = new Client(url, { WebSocket: wsClass(localAddress), token });
    c.on('state', ({ newState }) => (newState === 'open' ? markOpen(i) : markDown(i)));
    c.on('error', () => {});
    return () => c.close();
  }
  if (kind === 'ws') {
    const { default: RWS } = await import('reconnecting-websocket');
    const Ctor = RWS.default ?? RWS;
    const c = new Ctor(`${url}?token=${token}`, [], { WebSocket: wsClass(localAddress) });
    c.addEventListener('open', () => markOpen(i));
    c.addEventListener('close', () => markDown(i));
    c.addEventListener('error', () => {});
    return () => c.close();
  }
  if (kind === 'partysocket' || kind === 'socket') {
    const Ctor =
      kind === 'socket'
        ? (await import(new URL('../../dist/socket/index.js', import.meta.url).href)).Socket
        : (await import('partysocket/ws')).default;
    const c = new Ctor(`${url}?token=${token}`, [], { WebSocket: wsClass(localAddress) });
    c.addEventListener('open', () => markOpen(i));
    c.addEventListener(kind === 'socket' ? 'reconnecting' : 'close', () => markDown(i));
    c.addEventListener('error', () => {});
    return () => c.close();
  }
  if (kind === 'socketio') {
    const { io } = await import('socket.io-client');
    const s = io(url, { auth: { token }, forceNew: true, localAddress });
    s.on('connect', () => markOpen(i));
    s.on('disconnect', () => markDown(i));
    s.on('connect_error', () => {});
    s.io.on('reconnect_attempt', () => markAttempt());
    return () => s.close();
  }
  throw new Error(`unknown client kind ${kind}`);
}

const commands = {
  /** Creates the clients, a batch at a time, and waits (bounded) until all are open. */
  async start({ batch = 250, everyMs = 50, timeoutMs }) {
    const t0 = nowMs();
    for (let i = 0; i < count; i += batch) {
      for (let k = i; k < Math.min(count, i + batch); k++) clients.push(await make(k));
      await sleep(everyMs);
    }
    while (openCount < count && nowMs() - t0 < timeoutMs) await sleep(50);
    return { open: openCount, ms: nowMs() - t0 };
  },
  /** From now on, stamp (re)opens and attempts. */
  arm() {
    phase = 'storm';
    opens.length = 0;
    attempts.length = 0;
    return { armedAt: nowMs() };
  },
  status() {
    return { open: openCount };
  },
  stamps() {
    return { opens: Float64Array.from(opens), attempts: Float64Array.from(attempts), open: openCount, uncaught, firstUncaught };
  },
  async close() {
    for (const close of clients) {
      try {
        close();
      } catch {
        /* already closed */
      }
    }
    clients.length = 0;
    await sleep(200);
    return { closed: true };
  },
};

parentPort.on('message', async ({ id, cmd, args }) => {
  try {
    const result = await commands[cmd](args ?? {});
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
parentPort.postMessage({ type: 'up' });
