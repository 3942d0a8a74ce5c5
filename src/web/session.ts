/**
 * Who the console talks as: a name exchanged for a dev token (`POST api/dev/token`, offered
 * only when the server has no auth configured), or a token the user pastes. Kept in
 * sessionStorage, so a reload stays signed in and each tab can be someone else.
 */
import type { ConsoleWords } from './words/types.js';

export interface Identity {
  /** The user id as the server knows it (from the dev-token answer, or hello once connected). */
  name: string;
  token: string;
  kind: 'dev' | 'pasted';
}

const KEY = 'wsgate.console.identity';

/** A failure the sign-in form shows; `words()` says it in the console's language. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'DEV_TOKENS_OFF' | 'BAD_NAME' | 'UNREACHABLE' | 'BAD_ANSWER',
    message: string,
    /** The server's own text (BAD_NAME) or the network error (UNREACHABLE), or the status (BAD_ANSWER). */
    readonly detail: string | number = '',
  ) {
    super(message);
  }

  words(w: ConsoleWords['signIn']): string {
    if (this.code === 'UNREACHABLE') return w.unreachable(String(this.detail));
    if (this.code === 'DEV_TOKENS_OFF') return w.devTokensOff;
    if (this.code === 'BAD_ANSWER') return w.badAnswer(Number(this.detail));
    return this.detail ? String(this.detail) : w.badName;
  }
}

/** Trades a name for a dev token. */
export async function devToken(url: string, name: string, fetchImpl: typeof fetch = fetch): Promise<Identity> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }), cache: 'no-store' });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new SignInError('UNREACHABLE', `could not reach the server (${detail})`, detail);
  }
  let body: { token?: unknown; user?: { id?: unknown }; message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // judged by the status below
  }
  if (res.status === 404 || res.status === 405) throw new SignInError('DEV_TOKENS_OFF', 'this server has auth configured, so it hands out no dev tokens: paste a token instead');
  if (res.status === 400) throw new SignInError('BAD_NAME', typeof body.message === 'string' ? body.message : 'that name is not allowed', typeof body.message === 'string' ? body.message : '');
  if (!res.ok || typeof body.token !== 'string') throw new SignInError('BAD_ANSWER', `the server answered HTTP ${res.status}`, res.status);
  const id = typeof body.user?.id === 'string' ? body.user.id : name;
  return { name: id, token: body.token, kind: 'dev' };
}

export function saveIdentity(storage: Storage | undefined, identity: Identity | null): void {
  try {
    if (identity) storage?.setItem(KEY, JSON.stringify(identity));
    else storage?.removeItem(KEY);
  } catch {
    // private mode or storage off: the console works, it just forgets on reload
  }
}

export function loadIdentity(storage: Storage | undefined): Identity | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Identity>;
    if (typeof v.name === 'string' && typeof v.token === 'string' && (v.kind === 'dev' || v.kind === 'pasted')) return { name: v.name, token: v.token, kind: v.kind };
  } catch {
    // a damaged entry is the same as none
  }
  return null;
}
