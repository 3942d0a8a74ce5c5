// How the load generator speaks to each server under test, on top of raw-ws.mjs.
//
// Every adapter answers the same questions: which path to open (with the token), what the
// server's "you are in" looks like, how to frame an echo, a subscribe and a publish, and what
// kind of frame just arrived. The load scenarios in worker.mjs only ever talk in these terms, so
// the three servers run exactly the same scenario.
//
//   ws        bare `ws` + bufferutil (bench/servers/ws-baseline.mjs): `e…` echoed as is;
//             `s<ch>` → `S<ch>`; `p<ch>|<payload>` → `<payload>` to every subscriber.
//   socketio  Socket.IO 4 server (bench/servers/socketio-baseline.mjs), spoken as Engine.IO 4
//             over WebSocket: `40{"token":…}` connect with auth, `42["e",p]` echo,
//             `42["s",ch]` → `42["sd",ch]`, `42["p",ch,p]` → `42["m",p]` to the room.
//   wsgate    the wsgate protocol (docs/protocol.md): hello, subscribe/subscribed,
//             publish → ack + message; the text `ping` → `pong`.
import { frame, textFrame } from './raw-ws.mjs';

export const EV = Object.freeze({ IGNORE: 0, READY: 1, ECHO: 2, DELIVERY: 3, SUBSCRIBED: 4, ERROR: 5 });

const C = (s) => s.charCodeAt(0);

/** A printable payload of exactly `size` bytes; fan-out payloads start with `~<seq>~`. */
export function payloadOf(size, seq = -1) {
  const head = seq >= 0 ? `~${seq}~` : '';
  return head + 'x'.repeat(Math.max(0, size - head.length));
}

/** The fan-out sequence number inside a delivered frame (`~<seq>~`), or -1. */
export function seqOf(buf) {
  const at = buf.indexOf(0x7e); // '~'
  if (at < 0) return -1;
  let n = 0;
  for (let i = at + 1; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x7e) return n;
    n = n * 10 + (c - 48);
  }
  return -1;
}

/** Fills `id` digits (fixed width) into a prepared frame at `at`, in place. */
function writeDigits(buf, at, width, n) {
  for (let i = at + width - 1; i >= at; i--) {
    buf[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
}

/**
 * A frame builder that stamps a unique, fixed-width number into a prepared template: the frame
 * is built once and only the digits change, so unique publish ids cost the generator nothing.
 */
function stamped(text, marker) {
  const tpl = textFrame(text);
  const at = tpl.indexOf(marker);
  return (n) => {
    const f = Buffer.allocUnsafe(tpl.length);
    tpl.copy(f);
    writeDigits(f, at, marker.length, n);
    return f;
  };
}
const ID = '0000000000';

export const adapters = {
  ws: {
    path: (token) => `/?token=${encodeURIComponent(token)}`,
    readyOnOpen: true,
    /** @returns {number} an EV */
    classify(buf) {
      const c = buf[0];
      if (c === 0x65) return EV.ECHO; // e
      if (c === 0x6d) return EV.DELIVERY; // m
      if (c === 0x53) return EV.SUBSCRIBED; // S
      return EV.IGNORE;
    },
    /** Returns a function (n) => frame; the payload is `size` bytes. */
    echo: (size) => {
      const f = textFrame('e' + 'x'.repeat(size - 1));
      return () => f;
    },
    subscribe: (ch) => textFrame(`s${ch}`),
    publish: (ch, size, seq) => textFrame(`p${ch}|m${payloadOf(size - 1, seq)}`),
  },

  socketio: {
    path: () => '/socket.io/?EIO=4&transport=websocket',
    readyOnOpen: false,
    classify(buf, conn) {
      const c0 = buf[0];
      if (c0 === C('4') && buf[1] === C('2')) {
        const k = buf[4];
        if (k === C('e')) return EV.ECHO;
        if (k === C('m')) return EV.DELIVERY;
        if (k === C('s')) return EV.SUBSCRIBED;
        return EV.IGNORE;
      }
      if (c0 === C('2') && buf.length === 1) {
        conn.send(PONG_EIO); // Engine.IO heartbeat: server pings, client answers
        return EV.IGNORE;
      }
      if (c0 === C('0')) {
        conn.send(textFrame(`40${JSON.stringify({ token: conn.state.token })}`));
        return EV.IGNORE;
      }
      if (c0 === C('4') && buf[1] === C('0')) return EV.READY;
      if (c0 === C('4') && buf[1] === C('4')) return EV.ERROR;
      return EV.IGNORE;
    },
    echo: (size) => {
      // 42["e","xxx…"]: the payload string is `size` bytes
      const f = textFrame(`42["e","${'x'.repeat(size)}"]`);
      return () => f;
    },
    subscribe: (ch) => textFrame(`42["s","${ch}"]`),
    publish: (ch, size, seq) => textFrame(`42["p","${ch}","${payloadOf(size, seq)}"]`),
  },

  wsgate: {
    path: (token) => `/api/ws/chat?token=${encodeURIComponent(token)}`,
    readyOnOpen: false,
    classify(buf) {
      // the server writes "type" first; look for it near the start only
      const at = buf.subarray(0, 32).indexOf('"type":"');
      if (at < 0) {
        return buf.length === 4 && buf[0] === C('p') && buf[1] === C('o') ? EV.ECHO /* pong */ : EV.IGNORE;
      }
      const k = buf[at + 8];
      if (k === C('m')) return EV.DELIVERY;
      if (k === C('h')) return EV.READY;
      if (k === C('s')) return EV.SUBSCRIBED;
      if (k === C('e')) return EV.ERROR;
      return EV.IGNORE; // ack, presence, …
    },
    /**
     * "Echo" through wsgate = publish to a channel this same connection subscribes to: the
     * server acks and delivers the message back (publish → ack + message). Counted on `message`.
     */
    echo: (size, ch, idPrefix) =>
      stamped(`{"type":"publish","id":"${idPrefix}-${ID}","channel":"${ch}","data":"${'x'.repeat(size)}"}`, ID),
    subscribe: (ch) => textFrame(`{"type":"subscribe","id":"s-${ch}","channel":"${ch}"}`),
    publish: (ch, size, seq) => textFrame(`{"type":"publish","id":"p-${process.pid}-${Date.now()}-${seq}","channel":"${ch}","data":"${payloadOf(size, seq)}"}`),
  },
};

/** The wsgate text heartbeat (`ping` → `pong`): the cheapest echo the protocol has. */
export const PING_TEXT_FRAME = textFrame('ping');
const PONG_EIO = textFrame('3');

/** For adapters that deliver echoes on the message path: true when the frame is an echo. */
export function isEcho(target, ev, mode) {
  if (target === 'wsgate' && mode === 'pubsub') return ev === EV.DELIVERY;
  return ev === EV.ECHO;
}

export { frame };
