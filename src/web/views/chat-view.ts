/**
 * The chat card: sign in (a name for a dev token, or a pasted token), join a channel, send
 * and receive, and see who is present (presence frames, asked every few seconds and whenever
 * the subscription is (re)established). Messages travel through wsgate/client, so a message
 * typed while the connection is down waits in the client's outbox and is sent once, later.
 */
import type { Client, MessageMeta, SubscribedInfo, Subscription } from '../../client/index.js';
import { isValidChannel, type PresenceUser } from '../../protocol/index.js';
import { byId, fill, h } from '../dom.js';
import { SignInError, devToken, loadIdentity, saveIdentity, type Identity } from '../session.js';
import { words } from '../words/index.js';
import { AssistantView } from './assistant-view.js';

export interface ChatDeps {
  devTokenUrl: string;
  storage: Storage | undefined;
  /** Starts a client as this identity (closing any previous one); `renewed` hears of a fresh dev token. */
  start(identity: Identity, renewed: (next: Identity) => void): Client;
  /** Closes the current client for good. */
  stop(): void;
}

const PRESENCE_EVERY_MS = 4000;
const MAX_LINES = 300;
const DEFAULT_CHANNEL = 'room:lobby';

/** A stable colour per user name (hue from a small string hash). */
export function hueOf(name: string): number {
  let x = 0;
  for (const ch of name) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  return x % 360;
}

function textOf(data: unknown): string {
  if (data && typeof data === 'object' && typeof (data as { text?: unknown }).text === 'string') return (data as { text: string }).text;
  return JSON.stringify(data);
}

function clock(d = new Date()): string {
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export class ChatView {
  private identity: Identity | null = null;
  private client: Client | null = null;
  private sub: Subscription | null = null;
  private channel = DEFAULT_CHANNEL;
  private presenceTimer: ReturnType<typeof setInterval> | undefined;
  /** Offsets already shown in the current channel (an echo of our own pending line is not shown twice). */
  private shown = new Map<number, HTMLElement>();
  private readonly signin = byId('signin');
  private readonly room = byId('room');
  private readonly lines = byId('messages');
  private readonly people = byId('presence');
  private readonly composer = byId<HTMLFormElement>('composer');
  private readonly input = byId<HTMLInputElement>('message-input');
  private readonly signinError = byId('signin-error');
  /** `ai:` channels: streamed replies as one growing bubble (assistant-view.ts). */
  private readonly assistant = new AssistantView((li) => this.append(li));

  constructor(private readonly deps: ChatDeps) {
    byId<HTMLFormElement>('name-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.signInWithName();
    });
    byId<HTMLFormElement>('token-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.signInWithToken();
    });
    byId<HTMLFormElement>('channel-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.switchChannel(byId<HTMLInputElement>('channel-input').value.trim());
    });
    this.composer.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.send();
    });
    byId('leave').addEventListener('click', () => this.leave());
    const saved = loadIdentity(deps.storage);
    const channel = new URLSearchParams(location.search).get('channel');
    if (channel && isValidChannel(channel)) this.channel = channel;
    byId<HTMLInputElement>('channel-input').value = this.channel;
    if (saved) this.enter(saved);
    else this.showSignIn();
  }

  /** The token in use, for the browser test. */
  get token(): string | null {
    return this.identity?.token ?? null;
  }

  private showSignIn(): void {
    this.signin.hidden = false;
    this.room.hidden = true;
    byId<HTMLInputElement>('name-input').focus();
  }

  private error(text: string): void {
    this.signinError.textContent = text;
    this.signinError.hidden = text === '';
  }

  private async signInWithName(): Promise<void> {
    const name = byId<HTMLInputElement>('name-input').value.trim();
    if (!name) return this.error(words().chat.typeName);
    this.error('');
    const button = byId<HTMLButtonElement>('name-submit');
    button.disabled = true;
    try {
      this.enter(await devToken(this.deps.devTokenUrl, name));
    } catch (err) {
      this.error(err instanceof SignInError ? err.words(words().signIn) : String(err));
      if (err instanceof SignInError && err.code === 'DEV_TOKENS_OFF') byId<HTMLDetailsElement>('token-details').open = true;
    } finally {
      button.disabled = false;
    }
  }

  private signInWithToken(): void {
    const token = byId<HTMLInputElement>('token-input').value.trim();
    if (!token) return this.error(words().chat.pasteToken);
    this.error('');
    // The server tells us who this is in hello; until then, call them by a short token prefix.
    this.enter({ name: '', token, kind: 'pasted' });
  }

  private enter(identity: Identity): void {
    this.identity = identity;
    saveIdentity(this.deps.storage, identity);
    this.client = this.deps.start(identity, (next) => {
      this.identity = next;
      saveIdentity(this.deps.storage, next);
    });
    this.client.on('connected', ({ user }) => {
      if (this.identity && user && this.identity.name !== user) {
        this.identity = { ...this.identity, name: user };
        saveIdentity(this.deps.storage, this.identity);
        this.renderWho();
      }
    });
    this.client.on('state', ({ newState, code, reason }) => {
      this.composer.dataset.state = newState;
      if (newState !== 'closed' || code === undefined || code === 1000) return;
      if (code === 4401 || code === 4403) {
        // The token is refused for good: back to the sign-in form, saying why.
        this.leave();
        this.error(words().chat.refused(`${code}${reason ? ` ${reason}` : ''}`, code === 4401));
      } else this.system(words().chat.goneForGood(`${code}${reason ? ` ${reason}` : ''}`), 'bad');
    });
    this.signin.hidden = true;
    this.room.hidden = false;
    this.renderWho();
    this.join(this.channel);
    this.presenceTimer = setInterval(() => void this.refreshPresence(), PRESENCE_EVERY_MS);
    this.input.focus();
  }

  private renderWho(): void {
    const who = this.identity?.name || words().chat.you;
    fill(byId('who'), h('span', { class: 'avatar', style: `--hue:${hueOf(who)}` }, who.slice(0, 1).toUpperCase()), h('strong', {}, who));
  }

  private switchChannel(channel: string): void {
    if (!isValidChannel(channel)) {
      this.system(words().chat.badChannel(channel), 'bad');
      return;
    }
    if (channel === this.channel && this.sub) return;
    this.channel = channel;
    this.join(channel);
  }

  private join(channel: string): void {
    const client = this.client;
    if (!client) return;
    this.sub?.unsubscribe();
    this.shown.clear();
    this.assistant.clear();
    fill(this.lines);
    fill(this.people);
    byId('channel-name').textContent = channel;
    this.system(words().chat.joining(channel));
    const sub = client.subscribe(channel, (data, meta) => this.onMessage(data, meta));
    this.sub = sub;
    sub.on('subscribed', (info: SubscribedInfo) => {
      if (this.sub !== sub) return;
      if (info.resumed) this.assistant.resumed();
      if (!info.resumed) this.system(words().chat.joined(channel));
      else if (info.recovered) this.system(words().chat.recovered(channel), 'good');
      void this.refreshPresence();
    });
    sub.on('unrecovered', () => {
      if (this.sub === sub) this.system(words().chat.unrecovered(channel), 'bad');
    });
    sub.on('error', (err) => {
      if (this.sub === sub) this.system(words().chat.cannotJoin(channel, err.message), 'bad');
    });
  }

  private async refreshPresence(): Promise<void> {
    const client = this.client;
    if (!client || client.state !== 'open') return;
    const channel = this.channel;
    let users: PresenceUser[];
    try {
      users = await client.presence(channel);
    } catch {
      return;
    }
    if (channel !== this.channel) return;
    const me = this.identity?.name;
    const sorted = [...users].sort((a, b) => (a.id === me ? -1 : b.id === me ? 1 : a.id.localeCompare(b.id)));
    fill(
      this.people,
      ...sorted.map((u) =>
        h(
          'li',
          { class: u.id === me ? 'me' : '', title: words().chat.connections(u.connections), 'data-user': u.id },
          h('span', { class: 'avatar', style: `--hue:${hueOf(u.id)}` }, u.id.slice(0, 1).toUpperCase()),
          u.id,
          u.connections > 1 ? h('small', {}, ` ×${u.connections}`) : null,
        ),
      ),
    );
    byId('presence-count').textContent = String(users.length);
  }

  private onMessage(data: unknown, meta: MessageMeta): void {
    if (this.assistant.render(data, meta)) return;
    if (this.shown.has(meta.offset)) {
      this.shown.get(meta.offset)!.classList.remove('pending');
      return;
    }
    const line = this.line(meta.from, textOf(data), meta.from === this.identity?.name);
    line.title = `offset ${meta.offset} · epoch ${meta.epoch}`;
    this.shown.set(meta.offset, line);
  }

  private line(from: string, text: string, mine: boolean): HTMLElement {
    const li = h(
      'li',
      { class: mine ? 'msg mine' : 'msg', 'data-from': from },
      h('span', { class: 'avatar', style: `--hue:${hueOf(from)}` }, from.slice(0, 1).toUpperCase()),
      h('div', { class: 'bubble' }, h('div', { class: 'meta' }, h('strong', {}, from), h('time', {}, clock())), h('div', { class: 'text' }, text)),
    );
    this.append(li);
    return li;
  }

  private system(text: string, tone: 'info' | 'good' | 'bad' = 'info'): void {
    this.append(h('li', { class: `system ${tone}` }, h('time', {}, clock()), ' ', text));
  }

  private append(li: HTMLElement): void {
    const atBottom = this.lines.scrollHeight - this.lines.scrollTop - this.lines.clientHeight < 40;
    this.lines.append(li);
    while (this.lines.childElementCount > MAX_LINES) this.lines.firstElementChild?.remove();
    if (atBottom) this.lines.scrollTop = this.lines.scrollHeight;
  }

  private send(): void {
    const text = this.input.value.trim();
    const client = this.client;
    if (!text || !client) return;
    this.input.value = '';
    const channel = this.channel;
    const pending = this.line(this.identity?.name || words().chat.you, text, true);
    pending.classList.add('pending');
    if (client.state !== 'open') pending.title = words().chat.queued;
    client.publish(channel, { text }).then(
      (offset) => {
        if (channel !== this.channel) return;
        // 0: a backend took the message and publishes it itself (docs/backend.md); that copy shows.
        if (offset === 0) return pending.remove();
        const echo = this.shown.get(offset);
        if (echo && echo !== pending) pending.remove();
        else {
          pending.classList.remove('pending');
          pending.title = `offset ${offset}`;
          this.shown.set(offset, pending);
        }
      },
      (err: unknown) => {
        pending.classList.remove('pending');
        pending.classList.add('failed');
        pending.title = words().chat.notSent(err instanceof Error ? err.message : String(err));
      },
    );
  }

  private leave(): void {
    clearInterval(this.presenceTimer);
    this.sub?.unsubscribe();
    this.sub = null;
    this.deps.stop();
    this.client = null;
    this.identity = null;
    saveIdentity(this.deps.storage, null);
    fill(this.lines);
    fill(this.people);
    this.showSignIn();
  }
}
