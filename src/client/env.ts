/**
 * Wake-ups from the page that suggest the link may be dead or back (`visibilitychange` to
 * visible, `online`, `pageshow`, e.g. back/forward cache restore). In Node there is no
 * `window`/`document`: watching is a no-op.
 */

/** `retry`: the client's own timer for moving back to WebSocket from a fallback. */
export type WakeReason = 'visible' | 'online' | 'pageshow' | 'retry';

type Target = { addEventListener?(type: string, fn: () => void, options: { signal: AbortSignal }): void };

/**
 * Calls `onWake` on each wake-up; returns a function that stops watching.
 * @example const stop = watchEnvironment((why) => client.wake(why));
 */
export function watchEnvironment(onWake: (reason: WakeReason) => void, scope: unknown = globalThis): () => void {
  const win = scope as Target & { document?: Target & { visibilityState?: string } };
  const doc = win.document;
  const ac = new AbortController();
  const opts = { signal: ac.signal };
  win.addEventListener?.('online', () => onWake('online'), opts);
  win.addEventListener?.('pageshow', () => onWake('pageshow'), opts);
  doc?.addEventListener?.('visibilitychange', () => doc.visibilityState === 'visible' && onWake('visible'), opts);
  return () => ac.abort();
}
