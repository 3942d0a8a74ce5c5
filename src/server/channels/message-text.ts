/**
 * One encoding of a broker message's frame however many local subscribers get it (fan-out cost).
 * Live fan-out: the hub delivers a message to all its local members in one synchronous loop, so
 * a one-entry cache catches every repeat without keeping a second copy of every message alive
 * beside the history (at 4 KB messages that copy doubled what the GC promoted and traced). The
 * live frame is UTF-8 bytes built once (header, then the payload's text written after it), so
 * neither the transport nor `ws` encodes it again per subscriber, and the concatenated string
 * is never flattened. Replays (recovery) keep the text on the message under a symbol, so a
 * reconnect wave replaying the same history serialises each message once. One cache per server.
 */
import type { BrokerMessage } from '../broker/types.js';

const TEXT = Symbol('wsgate.messageText');
type WithText = BrokerMessage & { [TEXT]?: string };

/** The message frame up to its payload (`data` last, so the payload's text is appended as is). */
function head(m: BrokerMessage): string {
  return `{"type":"message","channel":${JSON.stringify(m.channel)},"epoch":${JSON.stringify(m.epoch)},"offset":${m.offset},"from":${JSON.stringify(m.from)},"data":`;
}

/** The message frame; with the payload's text at hand it is built around it, not re-serialised. */
function serialize(m: BrokerMessage): string {
  if (m.json === undefined) return JSON.stringify({ type: 'message', channel: m.channel, epoch: m.epoch, offset: m.offset, from: m.from, data: m.data });
  return `${head(m)}${m.json}}`;
}

/** The message frame's UTF-8 bytes: the same bytes as `Buffer.from(serialize(m))`. */
function encode(m: BrokerMessage): Buffer {
  const kept = (m as WithText)[TEXT];
  if (m.json === undefined || kept !== undefined) return Buffer.from(kept ?? serialize(m));
  const h = head(m);
  const hn = Buffer.byteLength(h);
  const jn = Buffer.byteLength(m.json);
  const out = Buffer.allocUnsafe(hn + jn + 1);
  out.write(h, 0);
  out.write(m.json, hn);
  out[hn + jn] = 125; // }
  return out;
}

export class MessageTexts {
  private lastMessage: BrokerMessage | undefined;
  private lastFrame: Buffer | undefined;

  /** The message frame for live delivery, as UTF-8 bytes (one encoding per message). */
  live(m: BrokerMessage): Buffer {
    if (m !== this.lastMessage || this.lastFrame === undefined) {
      this.lastFrame = encode(m);
      this.lastMessage = m;
    }
    return this.lastFrame;
  }

  /** The message frame's text for a recovery replay (kept on the message for the next replay). */
  replay(m: BrokerMessage): string {
    let text = (m as WithText)[TEXT];
    if (text === undefined) {
      text = serialize(m);
      (m as WithText)[TEXT] = text;
    }
    return text;
  }
}
