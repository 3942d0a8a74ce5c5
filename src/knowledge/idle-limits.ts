/**
 * Known default idle limits per hop (docs/facts.md "Idle and lifetime limits on the path"), so a
 * heartbeat can be judged even without --idle. Defaults only: a hop may be configured higher.
 */
import type { CdnProvider, ProxyKind } from './hops.js';

export interface KnownLimit {
  hop: string;
  limitMs: number;
  note?: string;
}

const CDN_LIMITS: Partial<Record<CdnProvider, KnownLimit>> = {
  cloudflare: { hop: 'Cloudflare', limitMs: 100_000, note: 'adjustable on Enterprise only' },
  cloudfront: { hop: 'CloudFront', limitMs: 600_000 },
  azure: { hop: 'Azure Front Door', limitMs: 300_000 },
  alibaba: { hop: 'Alibaba Cloud DCDN', limitMs: 60_000, note: 'the default WebSocket heartbeat time' },
  tencent: { hop: 'Tencent Cloud CDN/EdgeOne', limitMs: 15_000, note: 'with the WebSocket timeout switch off; up to 300 s when on' },
};

const PROXY_LIMITS: Partial<Record<ProxyKind, KnownLimit>> = {
  nginx: { hop: 'nginx', limitMs: 60_000, note: 'the default proxy_read_timeout' },
  openresty: { hop: 'OpenResty', limitMs: 60_000, note: 'the default proxy_read_timeout' },
  tengine: { hop: 'Tengine', limitMs: 60_000, note: 'the default proxy_read_timeout' },
  alb: { hop: 'AWS ALB', limitMs: 60_000, note: 'the default idle_timeout.timeout_seconds' },
};

/** The tightest known default idle limit among the hops seen, or null. */
export function tightestKnownLimit(cdn: CdnProvider | null | undefined, proxy: ProxyKind | null | undefined): KnownLimit | null {
  const limits = [cdn ? CDN_LIMITS[cdn] : undefined, proxy ? PROXY_LIMITS[proxy] : undefined].filter((l): l is KnownLimit => l !== undefined);
  limits.sort((a, b) => a.limitMs - b.limitMs);
  return limits[0] ?? null;
}

/**
 * The hops whose default idle limit is near `ms` (within 5%, at least 2 s): what a cut measured
 * in logs most likely is (wsgate logs).
 * @example hopsWithLimitNear(60_400).map((l) => l.hop) // ['Alibaba Cloud DCDN', 'nginx', 'OpenResty', 'Tengine', 'AWS ALB']
 */
export function hopsWithLimitNear(ms: number): KnownLimit[] {
  return [...Object.values(CDN_LIMITS), ...Object.values(PROXY_LIMITS)].filter((l) => Math.abs(ms - l.limitMs) <= Math.max(2000, l.limitMs * 0.05));
}
