/**
 * The conversation logic: a question on `ai:<user>[:<topic>]` is published into the channel
 * (so it gets its offset), then the model's answer streams into the same channel as
 * `{"role":"assistant","replyTo":<offset>,"seq":n,"delta":"…"}` and ends with
 * `{"role":"assistant","replyTo":<offset>,"seq":n,"done":true,"finishReason":"…"}`.
 *
 * Every publish carries an id derived from what it is (`q:<user>:<client id>`, `a:<offset>:<seq>`),
 * so a retry (a lost answer, a wsgate node that died) never duplicates a question or a delta.
 */
import type { ChatMessage, ModelSettings, StreamEvent } from './openai-stream.js';
import type { WsgateApi } from './wsgate-api.js';

export interface Question {
  channel: string;
  user: string;
  /** The client's publish id: the same id is the same question. */
  clientId: string | number;
  text: string;
}

export type ChatStream = (settings: ModelSettings, messages: ChatMessage[]) => AsyncIterable<StreamEvent>;

interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SYSTEM = 'You are a helpful assistant. Answer concisely.';

/** The channel's owner: `ai:<user>` and `ai:<user>:<topic>` belong to <user>; null for anything else. */
export function conversationOwner(channel: string): string | null {
  const m = /^ai:([^:]+)(?::.*)?$/.exec(channel);
  return m ? m[1]! : null;
}

export class Assistant {
  /** Answers started by this process, by `<channel>#<offset>` (a retried question starts none). */
  private readonly answering = new Set<string>();

  constructor(
    private readonly api: WsgateApi,
    private readonly model: ModelSettings,
    private readonly chat: ChatStream,
    private readonly log: Logger,
  ) {}

  /** Publishes the question and starts its answer; resolves with the question's offset. */
  async ask(q: Question): Promise<number> {
    const published = await this.api.publish(q.channel, { role: 'user', text: q.text }, `q:${q.user}:${String(q.clientId)}`, q.user);
    const key = `${q.channel}#${published.offset}`;
    // A duplicate is a question asked before: its answer is streaming or streamed already.
    if (!published.duplicate && !this.answering.has(key)) {
      this.answering.add(key);
      void this.answer(q.channel, published.offset).finally(() => this.answering.delete(key));
    }
    return published.offset;
  }

  /** The conversation so far (from the channel's history), up to the question at `replyTo`. */
  private async context(channel: string, replyTo: number): Promise<ChatMessage[]> {
    const { messages } = await this.api.history(channel, 200);
    const questions: Array<{ offset: number; text: string }> = [];
    const answers = new Map<number, string[]>();
    for (const m of messages) {
      const d = m.data as { role?: string; text?: unknown; replyTo?: unknown; delta?: unknown } | null;
      if (d?.role === 'user' && typeof d.text === 'string' && m.offset <= replyTo) questions.push({ offset: m.offset, text: d.text });
      else if (d?.role === 'assistant' && typeof d.delta === 'string' && typeof d.replyTo === 'number') {
        const parts = answers.get(d.replyTo) ?? [];
        parts.push(d.delta);
        answers.set(d.replyTo, parts);
      }
    }
    const out: ChatMessage[] = [{ role: 'system', content: SYSTEM }];
    for (const q of questions) {
      out.push({ role: 'user', content: q.text });
      const parts = q.offset === replyTo ? undefined : answers.get(q.offset);
      if (parts?.length) out.push({ role: 'assistant', content: parts.join('') });
    }
    return out;
  }

  private async answer(channel: string, replyTo: number): Promise<void> {
    let seq = 0;
    const send = (data: Record<string, unknown>) => this.api.publish(channel, { role: 'assistant', replyTo, seq: ++seq, ...data }, `a:${replyTo}:${seq}`);
    const started = Date.now();
    try {
      const messages = await this.context(channel, replyTo);
      let finishReason = 'stop';
      for await (const event of this.chat(this.model, messages)) {
        if ('delta' in event) await send({ delta: event.delta });
        else finishReason = event.finishReason;
      }
      await send({ done: true, finishReason });
      this.log.info('answered', { channel, replyTo, deltas: seq - 1, ms: Date.now() - started });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error('answer failed', { channel, replyTo, err: message });
      await send({ done: true, finishReason: 'error', error: message }).catch(() => undefined);
    }
  }
}
