// A minimal WebSocket client on a bare TCP socket, for the load generator only.
//
// Why not the `ws` client: on a 2-core machine the load generator shares the hardware with the
// server under test, so every cycle it spends is a cycle measured against the server. This client
// does the least a conforming client must (RFC 6455): the upgrade request, masked frames with an
// all-zero mask key (legal, §5.3: the key must be present, its value is the client's business; with
// zeros the masked payload equals the plain one, so frames can be prepared once and reused),
// answering pings (§5.5.2) and the closing handshake. Every server under test gets the same client,
// so what differs between them is the server.
import { connect } from 'node:net';

const KEY = 'd3NnYXRlLWJlbmNoLWtleQ=='; // any 16 bytes, base64 (§4.1); we do not check the accept hash
const MASK = Buffer.alloc(4); // all-zero mask key

/**
 * A complete client→server text (opcode 1) or control frame, masked with the zero key.
 * @param {Buffer} payload
 * @param {number} [opcode]
 */
export function frame(payload, opcode = 0x1) {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(0, 2);
    out.writeUInt32BE(len, 6);
  }
  MASK.copy(out, head);
  payload.copy(out, head + 4);
  return out;
}

/** @param {string} text */
export const textFrame = (text) => frame(Buffer.from(text));

const CLOSE_FRAME = frame(Buffer.from([0x03, 0xe8]), 0x8); // 1000, normal closure

/**
 * @typedef {object} RawOptions
 * @property {string} host
 * @property {number} port
 * @property {string} path
 * @property {string} [localAddress] source address (spread over 127.0.0.x to avoid port exhaustion)
 * @property {(text: Buffer, conn: RawConn) => void} onText  a whole text message (payload only)
 * @property {(conn: RawConn) => void} [onOpen]      after the 101 response
 * @property {(conn: RawConn, why: string) => void} [onClose] once, whatever the cause
 */

/**
 * One connection. Frames from the server may be split or coalesced by TCP; the parser keeps the
 * unread tail. Fragmented messages (continuation frames) are reassembled.
 */
export class RawConn {
  /** @param {RawOptions} o */
  constructor(o) {
    this.o = o;
    this.open = false;
    this.closed = false;
    /** @type {number | null} */ this.status = null; // HTTP status of the upgrade response
    /** @type {Buffer | null} */ this.buf = null;
    /** @type {Buffer[]} */ this.fragments = [];
    /** Arbitrary per-connection state for the scenario that owns it. */
    this.state = /** @type {any} */ ({});
    this.sock = connect({ host: o.host, port: o.port, localAddress: o.localAddress, noDelay: true });
    this.sock.on('connect', () => {
      this.sock.write(
        `GET ${o.path} HTTP/1.1\r\nHost: ${o.host}:${o.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.sock.on('data', (d) => this.onData(d));
    this.sock.on('error', (err) => this.finish(`error: ${err.message}`));
    this.sock.on('close', () => this.finish('tcp closed'));
  }

  /** @param {Buffer} d */
  onData(d) {
    let buf = this.buf ? Buffer.concat([this.buf, d]) : d;
    if (!this.open) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        this.buf = buf;
        return;
      }
      const head = buf.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      if (this.status !== 101) {
        this.finish(`HTTP ${this.status}`);
        this.sock.destroy();
        return;
      }
      this.open = true;
      buf = buf.subarray(end + 4);
      this.o.onOpen?.(this);
    }
    let i = 0;
    const n = buf.length;
    while (n - i >= 2) {
      const b0 = buf[i];
      const b1 = buf[i + 1];
      let len = b1 & 0x7f;
      let at = i + 2;
      if (len === 126) {
        if (n - i < 4) break;
        len = buf.readUInt16BE(i + 2);
        at = i + 4;
      } else if (len === 127) {
        if (n - i < 10) break;
        len = buf.readUInt32BE(i + 6);
        at = i + 10;
      }
      if (n - at < len) break;
      const payload = buf.subarray(at, at + len);
      i = at + len;
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        if (!fin) {
          this.fragments.push(Buffer.from(payload));
          continue;
        }
        if (this.fragments.length) {
          this.fragments.push(payload);
          const whole = Buffer.concat(this.fragments);
          this.fragments = [];
          this.o.onText(whole, this);
        } else this.o.onText(payload, this);
        if (this.closed) return;
      } else if (opcode === 0x9) {
        if (!this.closed) this.sock.write(frame(payload, 0xa)); // pong with the ping's data
      } else if (opcode === 0x8) {
        this.code = len >= 2 ? payload.readUInt16BE(0) : 1005;
        this.reason = len > 2 ? payload.toString('utf8', 2) : '';
        if (!this.closed) this.sock.end(CLOSE_FRAME);
        this.finish(`close ${this.code}`);
        return;
      }
    }
    this.buf = i < n ? buf.subarray(i) : null;
  }

  /** @param {string} why */
  finish(why) {
    if (this.closed) return;
    this.closed = true;
    this.why = why;
    this.o.onClose?.(this, why);
  }

  /** Sends a prepared frame (see `frame`). */
  /** @param {Buffer} f */
  send(f) {
    if (!this.closed) this.sock.write(f);
  }

  /** Closing handshake from our side; the socket is destroyed shortly after either way. */
  close() {
    if (this.sock.destroyed) return;
    if (this.open && !this.closed) this.sock.end(CLOSE_FRAME);
    this.finish('closed by us');
    const t = setTimeout(() => this.sock.destroy(), 2000);
    t.unref();
  }

  destroy() {
    this.finish('destroyed');
    this.sock.destroy();
  }
}
