/**
 * The assistant view's model (docs/backend.md, "The AI chat"): on an `ai:` channel, messages
 * `{"role":"assistant","replyTo":<offset>,"seq":n,"delta":"…"}` build one reply per question,
 * ended by `{…,"done":true,"finishReason":…}`. A reply that was streaming when the connection
 * came back (a resumed subscription) gets a marker where it resumed. Pure: no DOM.
 */

export interface AssistantDelta {
  role: 'assistant';
  replyTo: number;
  seq: number;
  delta?: string;
  done?: boolean;
  finishReason?: string;
  error?: string;
}

/** A reply's text as it arrived: runs of text, and the places where it resumed after a reconnect. */
export type ReplyPart = { text: string } | { resumed: true };

export interface Reply {
  replyTo: number;
  parts: ReplyPart[];
  lastSeq: number;
  done: boolean;
  finishReason?: string;
  error?: string;
}

/** True for the channels the assistant view applies to. */
export const isAssistantChannel = (channel: string): boolean => channel.startsWith('ai:');

export function isAssistantDelta(data: unknown): data is AssistantDelta {
  const d = data as Partial<AssistantDelta> | null;
  return typeof d === 'object' && d !== null && d.role === 'assistant' && Number.isInteger(d.replyTo) && Number.isInteger(d.seq);
}

/** The text of a reply so far. */
export function replyText(reply: Reply): string {
  return reply.parts.map((p) => ('text' in p ? p.text : '')).join('');
}

export class AssistantThread {
  private readonly replies = new Map<number, Reply>();

  /** Applies one delta; returns the reply it changed (`created` when it is new), or null for a repeat. */
  apply(d: AssistantDelta): { reply: Reply; created: boolean } | null {
    let reply = this.replies.get(d.replyTo);
    const created = !reply;
    if (!reply) {
      reply = { replyTo: d.replyTo, parts: [], lastSeq: 0, done: false };
      this.replies.set(d.replyTo, reply);
    }
    // The channel delivers each offset once; seq guards against a backend that is not careful.
    if (d.seq <= reply.lastSeq) return null;
    reply.lastSeq = d.seq;
    if (typeof d.delta === 'string' && d.delta) {
      const last = reply.parts.at(-1);
      if (last && 'text' in last) last.text += d.delta;
      else reply.parts.push({ text: d.delta });
    }
    if (d.done) {
      reply.done = true;
      reply.finishReason = d.finishReason;
      if (d.error) reply.error = d.error;
    }
    return { reply, created };
  }

  /** The subscription resumed after a reconnect: marks every reply still streaming; returns them. */
  resumed(): Reply[] {
    const open = [...this.replies.values()].filter((r) => !r.done);
    for (const r of open) if (!('resumed' in (r.parts.at(-1) ?? {}))) r.parts.push({ resumed: true });
    return open;
  }

  clear(): void {
    this.replies.clear();
  }
}
