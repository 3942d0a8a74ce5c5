/**
 * The assistant view for `ai:` channels (docs/console.md): an AI reply streamed as deltas
 * renders as one bubble that grows as they arrive, with a marker where it resumed after a
 * reconnect, and how it ended when the model stopped for another reason than "stop".
 */
import type { MessageMeta } from '../../client/index.js';
import { AssistantThread, isAssistantChannel, isAssistantDelta, type Reply } from '../assistant-thread.js';
import { fill, h } from '../dom.js';
import { words } from '../words/index.js';

export class AssistantView {
  private readonly thread = new AssistantThread();
  private readonly bubbles = new Map<number, HTMLElement>();

  constructor(private readonly append: (li: HTMLElement) => void) {}

  /** Renders `data` when it is an assistant delta on an `ai:` channel; false otherwise. */
  render(data: unknown, meta: MessageMeta): boolean {
    if (!isAssistantChannel(meta.channel) || !isAssistantDelta(data)) return false;
    const changed = this.thread.apply(data);
    if (changed) this.draw(changed.reply);
    return true;
  }

  /** The subscription resumed after a reconnect: replies still streaming show where. */
  resumed(): void {
    for (const reply of this.thread.resumed()) this.draw(reply);
  }

  clear(): void {
    this.thread.clear();
    this.bubbles.clear();
  }

  private draw(reply: Reply): void {
    let li = this.bubbles.get(reply.replyTo);
    if (!li) {
      li = h('li', { class: 'msg assistant', 'data-reply-to': reply.replyTo }, h('span', { class: 'avatar', style: '--hue:265' }, 'AI'), h('div', { class: 'bubble' }, h('div', { class: 'meta' }, h('strong', {}, words().assistant.name)), h('div', { class: 'text' }), h('div', { class: 'ending' })));
      this.bubbles.set(reply.replyTo, li);
      this.append(li);
    }
    li.classList.toggle('streaming', !reply.done);
    fill(
      li.querySelector('.text')!,
      ...reply.parts.map((p) => ('text' in p ? p.text : h('span', { class: 'resumed', title: words().assistant.resumedTitle }, words().assistant.resumed))),
    );
    const stopped = words().assistant.stopped;
    const ending = reply.error ? stopped(reply.error) : reply.done && reply.finishReason && reply.finishReason !== 'stop' ? stopped(reply.finishReason) : '';
    fill(li.querySelector('.ending')!, ending);
  }
}
