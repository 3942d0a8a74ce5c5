/**
 * One JSON text per broker message however many local subscribers get it (fan-out cost).
 * Live fan-out: the hub delivers a message to all its local members in one synchronous loop, so
 * a one-entry cache catches every repeat without keeping a second copy of every message alive
 * beside the history (at 4 KB messages that copy doubled what the GC promoted and traced).
 * Replays (recovery) keep the text on the message under a symbol, so a reconnect wave
 * replaying the same history serialises each message once. One cache per server.
 */
import type { BrokerMessage } from '../broker/types.js';

const TEXT = Symbol('wsgate.messageText');
type WithText = BrokerMessage & { [TEXT]?: string };

/** The message frame; with the payload's text at hand it is built around it, not re-serialised. */
function serialize(m: BrokerMessage): string {
  if (m.json === undefined) return JSON.stringify({ type: 'message', channel: m.channel, epoch: m.epoch, offset: m.offset, from: m.from, data: m.data });
  return `{"type":"message","channel":${JSON.stringify(m.channel)},"epoch":${JSON.stringify(m.epoch)},"offset":${m.offset},"from":${JSON.stringify(m.from)},"data":${m.json}}`;
}

export class MessageTexts {
  private lastMessage: BrokerMessage | undefined;
  private lastText = '';

  /** The message frame's text for live delivery. */
  live(m: BrokerMessage): string {
    if (m !== this.lastMessage) {
      this.lastText = (m as WithText)[TEXT] ?? serialize(m);
      this.lastMessage = m;
    }
    return this.lastText;
  }

  /** The message frame's text for a recovery replay (kept on the message for the next replay). */
  replay(m: BrokerMessage): string {
    let text = (m as WithText)[TEXT];
    if (text === undefined) {
      text = m === this.lastMessage ? this.lastText : serialize(m);
      (m as WithText)[TEXT] = text;
    }
    return text;
  }
}
