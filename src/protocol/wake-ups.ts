/**
 * Page wake-ups and offline awareness, shared by `wsgate/client` and `wsgate/socket`
 * (docs/client.md, "Dead links"): `visibilitychange` to visible, `online` and `pageshow` (e.g. a
 * back/forward cache restore) suggest the link may be dead or back; `navigator.onLine === false`
 * means retrying is pointless until `online`. In Node there is no `window`/`document`/
 * `navigator.onLine`: watching is a no-op and nothing is ever offline.
 */

export type WakeReason = 'visible' | 'online' | 'pageshow';

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

/**
 * True when the browser says it has no network (`navigator.onLine === false`): a retry would
 * fail at once, so wait for `online`. `onLine === true` only means "maybe": retry as usual.
 * @example if (!isOffline()) scheduleRetry();
 */
export function isOffline(scope: unknown = globalThis): boolean {
  return (scope as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
}
