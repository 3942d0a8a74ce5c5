// One load-generator thread. The main thread (bench/lib/pool.ts) sends it commands; it opens
// raw WebSocket connections to the server under test and runs the scenario asked for. Every
// loop here is bounded by a count and a deadline, and `close` tears every socket down.
import { parentPort, workerData, threadId } from 'node:worker_threads';
import { RawConn } from './raw-ws.mjs';
import { adapters, EV, isEcho, seqOf, PING_TEXT_FRAME } from './adapters.mjs';

const { target, host, port, sourceAddrs, worker } = workerData;
const A = adapters[target];
if (!A) throw new Error(`unknown target ${target}`);

/** @type {RawConn[]} */
let conns = [];
/** @type {RawConn | null} */
let publisher = null;
const closeReasons = new Map();
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- frame dispatch --------------------------------------------------------------------------
/** What to do with echoes and deliveries: set by the running scenario. */
let onEcho = null; // (conn) => void
let fanout = null; // { local: number, recs: Map<seq, {n, last}> }

function onText(buf, conn) {
  const ev = A.classify(buf, conn);
  if (ev === EV.IGNORE) return;
  const st = conn.state;
  if (ev === EV.READY) {
    st.ready = true;
    st.onReady?.();
    return;
  }
  if (ev === EV.SUBSCRIBED) {
    st.subscribed = true;
    st.onSubscribed?.();
    return;
  }
  if (ev === EV.ERROR) {
    // counted by error code and message (not by request id), so a thousand alike make one line
    const text = buf.toString('utf8', 0, Math.min(buf.length, 300));
    const code = /"code":"([^"]+)"/.exec(text)?.[1];
    const message = /"message":"([^"]{0,80})/.exec(text)?.[1];
    const key = code ? `error ${code}${message ? `: ${message}` : ''}` : `error frame: ${text.slice(0, 80)}`;
    closeReasons.set(key, (closeReasons.get(key) ?? 0) + 1);
    st.onError?.(text);
    return;
  }
  if (fanout && ev === EV.DELIVERY && st.role === 'sub') {
    const seq = seqOf(buf);
    let r = fanout.recs.get(seq);
    if (!r) fanout.recs.set(seq, (r = { n: 0, last: 0 }));
    r.n++;
    r.last = nowMs();
    if (r.n === fanout.local) parentPort.postMessage({ type: 'fanout-done', seq, lastMs: r.last, n: r.n });
    return;
  }
  if (onEcho && isEcho(target, ev, st.mode)) onEcho(conn);
}

function onClose(conn, why) {
  const key = conn.code ? `close ${conn.code}${conn.reason ? ` ${conn.reason.slice(0, 60)}` : ''}` : why;
  closeReasons.set(key, (closeReasons.get(key) ?? 0) + 1);
  conn.state.onClosed?.(key);
}

/** Opens one connection and resolves when the server says it is ready (or rejects). */
function open(g, { channel, timeoutMs, users, role }) {
  return new Promise((resolve) => {
    const token = `t${g % users}`;
    let done = false;
    const finish = (ok, why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ok, why, conn });
    };
    const timer = setTimeout(() => {
      finish(false, 'timeout');
      conn.destroy();
    }, timeoutMs);
    const conn = new RawConn({
      host,
      port,
      path: A.path(token),
      localAddress: sourceAddrs[g % sourceAddrs.length],
      onText,
      onOpen: (c) => {
        if (A.readyOnOpen) {
          c.state.ready = true;
          c.state.onReady();
        }
      },
      onClose: (c, why) => {
        onClose(c, why);
        finish(false, c.code ? `close ${c.code}` : why);
      },
    });
    conn.state = {
      g,
      token,
      role,
      ready: false,
      seq: 0,
      fifo: [],
      onReady: () => {
        if (!channel) return finish(true);
        conn.state.onSubscribed = () => finish(true);
        conn.send(A.subscribe(channel === 'own' ? `b${g}` : channel));
      },
    };
  });
}

/** Runs `n` tasks with at most `limit` in flight, stopping early at `deadline` (ms, nowMs clock). */
async function pooled(n, limit, deadline, task) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n && nowMs() < deadline) await task(next++);
  });
  await Promise.all(runners);
  return next;
}

// ---- commands --------------------------------------------------------------------------------
const commands = {
  /** Opens `count` connections numbered from `first`; optionally subscribes each (`own` channel or a shared one). */
  async connect({ first, count, concurrency, timeoutMs, users, channel, role = 'sub' }) {
    const t0 = nowMs();
    const deadline = t0 + timeoutMs;
    let ok = 0;
    const failures = {};
    await pooled(count, concurrency, deadline, async (i) => {
      const r = await open(first + i, { channel, timeoutMs: Math.max(1000, Math.min(15000, deadline - nowMs())), users, role });
      if (r.ok) {
        ok++;
        if (role === 'publisher') publisher = r.conn;
        else conns.push(r.conn);
      } else failures[r.why] = (failures[r.why] ?? 0) + 1;
    });
    return { ok, failed: count - ok, failures, ms: nowMs() - t0 };
  },

  /**
   * Echo round trips. `window` mode: every connection keeps `window` messages in flight for
   * `durationMs` (after `warmupMs`) and we count completions. `rate` mode: a fixed total rate,
   * spread over the connections, and each round trip's latency (FIFO per connection: every
   * server under test keeps a connection's order).
   */
  async echo({ size, mode, window, rate, warmupMs, durationMs, maxSamples, via }) {
    const live = conns.filter((c) => !c.closed && c.state.ready);
    if (live.length === 0) return { count: 0, ms: 0, samples: new Float64Array(0), live: 0 };
    const makers = live.map((c) => {
      c.state.mode = via; // 'pubsub' | 'ping' | 'echo'
      if (via === 'ping') return () => PING_TEXT_FRAME;
      return A.echo(size, `b${c.state.g}`, `w${worker}c${c.state.g}`);
    });
    for (const c of live) c.state.fifo = [];
    let running = true;
    let counting = false;
    let count = 0;
    const samples = new Float64Array(maxSamples);
    let ns = 0;
    const send = (c, i) => {
      c.send(makers[i](c.state.seq++));
    };
    const index = new Map(live.map((c, i) => [c, i]));
    const t0 = nowMs();
    let tStart = 0;
    let tEnd = 0;
    if (mode === 'window') {
      onEcho = (c) => {
        if (counting) count++;
        if (running) send(c, index.get(c));
      };
      for (let i = 0; i < live.length; i++) {
        const c = live[i];
        c.sock.cork();
        for (let k = 0; k < window; k++) send(c, i);
        c.sock.uncork();
      }
      await sleep(warmupMs);
      counting = true;
      tStart = nowMs();
      await sleep(durationMs);
      counting = false;
      tEnd = nowMs();
      running = false;
    } else {
      onEcho = (c) => {
        const sent = c.state.fifo.shift();
        if (sent === undefined) return;
        if (counting) {
          count++;
          if (ns < maxSamples) samples[ns++] = nowMs() - sent;
        }
      };
      let sent = 0;
      let rr = 0;
      const tick = () => {
        const due = Math.floor(((nowMs() - t0) * rate) / 1000);
        for (let guard = 0; sent < due && guard < 100000; guard++) {
          const i = rr++ % live.length;
          const c = live[i];
          c.state.fifo.push(nowMs());
          send(c, i);
          sent++;
        }
      };
      const timer = setInterval(tick, 1);
      await sleep(warmupMs);
      counting = true;
      tStart = nowMs();
      await sleep(durationMs);
      clearInterval(timer);
      tEnd = nowMs();
      // let the last ones come back (they count, their latency is real), bounded
      const drainUntil = nowMs() + 2000;
      while (live.some((c) => c.state.fifo.length) && nowMs() < drainUntil) await sleep(10);
      counting = false;
      running = false;
    }
    await sleep(mode === 'window' ? 300 : 0); // in-flight echoes land; not counted
    onEcho = null;
    const lost = mode === 'rate' ? live.reduce((s, c) => s + c.state.fifo.length, 0) : 0;
    const s = samples.slice(0, ns);
    return { count, ms: tEnd - tStart, samples: s, live: live.filter((c) => !c.closed).length, lost };
  },

  /** Arms delivery tracking for a fan-out: this thread's subscribers report each seq once all have it. */
  'fanout-arm'() {
    const local = conns.filter((c) => c.state.role === 'sub' && !c.closed).length;
    fanout = { local, recs: new Map() };
    return { local };
  },
  'fanout-disarm'() {
    const incomplete = fanout ? [...fanout.recs.values()].filter((r) => r.n < fanout.local).length : 0;
    fanout = null;
    return { incomplete };
  },
  /** How many deliveries of `seq` this thread has seen so far (for publishes that time out). */
  'fanout-count'({ seq }) {
    const r = fanout?.recs.get(seq);
    return { n: r?.n ?? 0, lastMs: r?.last ?? 0 };
  },
  /** Sends one publish from this thread's publisher connection; returns when it was written. */
  publish({ channel, size, seq }) {
    if (!publisher || publisher.closed) throw new Error(`publisher connection is closed (${publisher?.why ?? 'none'})`);
    const f = A.publish(channel, size, seq);
    const sentMs = nowMs();
    publisher.send(f);
    return { sentMs };
  },

  /** Handshakes per second: open, wait for "ready" (auth done), close; `concurrency` at a time. */
  async handshake({ first, total, concurrency, durationMs, users }) {
    const t0 = nowMs();
    const deadline = t0 + durationMs;
    let ok = 0;
    const failures = {};
    const n = await pooled(total, concurrency, deadline, async (i) => {
      const r = await open(first + i, { timeoutMs: 10000, users, role: 'hs' });
      if (r.ok) {
        ok++;
        r.conn.close();
      } else failures[r.why] = (failures[r.why] ?? 0) + 1;
    });
    return { ok, attempted: n, failures, ms: nowMs() - t0 };
  },

  count() {
    return { open: conns.filter((c) => !c.closed).length, reasons: Object.fromEntries(closeReasons) };
  },

  async close({ timeoutMs = 5000 } = {}) {
    const all = publisher ? [...conns, publisher] : conns;
    for (const c of all) c.close();
    const until = nowMs() + timeoutMs;
    while (all.some((c) => !c.sock.destroyed) && nowMs() < until) await sleep(20);
    for (const c of all) c.sock.destroy();
    const n = all.length;
    conns = [];
    publisher = null;
    closeReasons.clear();
    return { closed: n };
  },
};

parentPort.on('message', async ({ id, cmd, args }) => {
  try {
    const fn = commands[cmd];
    if (!fn) throw new Error(`unknown command ${cmd}`);
    const result = await fn(args ?? {});
    const transfer = result?.samples?.buffer ? [result.samples.buffer] : [];
    parentPort.postMessage({ id, result }, transfer);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
parentPort.postMessage({ type: 'up', threadId });
