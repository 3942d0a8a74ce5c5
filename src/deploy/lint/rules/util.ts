/** Helpers the lint rules share: durations, the WebSocket heuristic, finding construction. */
import type { RawFinding } from '../../../findings/index.js';
import type { LintDoc, LintRule, RuleContext } from '../types.js';

/**
 * Does this route look like it carries WebSockets? Names and paths such as `/api/ws/chat`,
 * `websocket`, `socket.io`, `sockjs`, `realtime`. Rules that would be noise on plain HTTP
 * routes (a missing timeout) only fire when it does.
 */
export function looksLikeWebSocket(...texts: (string | undefined)[]): boolean {
  return texts.some((t) => t !== undefined && /(^|[^a-z0-9])(wss?|websockets?|sockets?|socket\.io|sockjs|realtime|cable|hub|stomp)([^a-z0-9]|$)/i.test(t));
}

const UNIT_SECONDS: Record<string, number> = { us: 1e-6, ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2_592_000, y: 31_536_000 };

/**
 * Parses nginx/HAProxy/Gateway API durations (`60`, `60s`, `1h30m`, `500ms`) into seconds.
 * `bareUnit` is what a number without unit means (seconds for nginx, ms for HAProxy).
 */
export function parseDurationSeconds(text: string, bareUnit: 's' | 'ms'): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * UNIT_SECONDS[bareUnit]!;
  const re = /(\d+(?:\.\d+)?)(us|ms|s|m|h|d|w|M|y)/gy;
  let total = 0;
  let matched = 0;
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    matched += m[0].length;
  }
  return matched === t.length && matched > 0 ? total : undefined;
}

/** The default idle limit of nginx and ingress-nginx (proxy_read_timeout, proxy-read-timeout). */
export const NGINX_DEFAULT_TIMEOUT_S = 60;

/** Builds a raw finding placed at a file and line. */
export function at(doc: LintDoc, line: number, code: string, check: string, data: Record<string, unknown> = {}): RawFinding {
  return { code, check, data: { file: doc.file, line, ...data } };
}

/** Declares a rule for one input format; `applies` and `run` see the narrowed document type. */
export function rule<F extends LintDoc['format']>(spec: {
  id: string;
  title: string;
  format: F;
  applies?: (doc: Extract<LintDoc, { format: F }>) => boolean;
  run: (ctx: RuleContext<Extract<LintDoc, { format: F }>>) => RawFinding[];
}): LintRule {
  type D = Extract<LintDoc, { format: F }>;
  const is = (doc: LintDoc): doc is D => doc.format === spec.format;
  return {
    id: spec.id,
    title: spec.title,
    applies: (doc) => is(doc) && (spec.applies?.(doc) ?? true),
    run: (ctx) => (is(ctx.doc) ? spec.run({ doc: ctx.doc, all: ctx.all }) : []),
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
