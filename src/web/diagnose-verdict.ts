/**
 * The diagnose page's judgement: a browser test report → one verdict a user can read (worded
 * in diagnose-words.ts), and the report the page posts to the server (only what
 * src/server/diagnoses.ts accepts: no token, no cookie, no header). Pure.
 */
import type { BrowserTestReport } from './browser-test.js';
import type { FallbackResult } from './diagnose-fallback.js';

export type Verdict = 'ok' | 'ok-auth' | 'upgrade-blocked' | 'rejected' | 'unreachable' | 'timeout' | 'cut' | 'browser-refused' | 'other';

export interface VerdictData {
  verdict: Verdict;
  status?: number | string;
  code?: number;
}

/** What the browser tells about its network (the Network Information API, where it exists). */
export interface ConnectionInfo {
  type?: string;
  effectiveType?: string;
  downlink?: number;
  rtt?: number;
  saveData?: boolean;
}

/**
 * @example judge(report).verdict // 'upgrade-blocked' when a proxy answered 426 to the upgrade
 */
export function judge(report: BrowserTestReport): VerdictData {
  const f = report.findings[0];
  if (!f) return { verdict: 'ok' };
  const data = (f.data ?? {}) as Record<string, unknown>;
  switch (f.code) {
    case 'AUTH_REJECTED':
      return { verdict: 'ok-auth' };
    case 'HANDSHAKE_REJECTED': {
      const status = data.status as number | string | undefined;
      return { verdict: data.cause === 'upgrade-not-forwarded' ? 'upgrade-blocked' : 'rejected', ...(status !== undefined ? { status } : {}) };
    }
    case 'TCP_REFUSED':
      return { verdict: 'unreachable' };
    case 'HANDSHAKE_TIMEOUT':
    case 'NO_PONG':
      return { verdict: 'timeout' };
    case 'CLOSED_AFTER_OPEN':
      return { verdict: 'cut', ...(typeof data.closeCode === 'number' ? { code: data.closeCode } : {}) };
    case 'BROWSER_REFUSED':
      return { verdict: 'browser-refused' };
    default:
      return { verdict: 'other' };
  }
}

/** Whether the page tries the SSE fallback: only when the WebSocket failed on the way (not sign-in, not the browser). */
export function needsFallback(v: VerdictData): boolean {
  return !['ok', 'ok-auth', 'browser-refused'].includes(v.verdict);
}

/** The body of `POST api/diagnoses`. */
export function diagnosisPayload(report: BrowserTestReport, env: { userAgent: string; language?: string; connection?: ConnectionInfo }, fallback?: FallbackResult): Record<string, unknown> {
  const v = judge(report);
  const probe = report.probe;
  return {
    version: 1,
    url: report.url,
    ok: v.verdict === 'ok' || v.verdict === 'ok-auth',
    verdict: v.verdict,
    steps: report.steps.map((s) => ({ id: s.id, title: s.title, status: s.status, durationMs: Math.round(s.durationMs), summary: s.summary })),
    findings: [...report.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })), ...(fallback?.code ? [{ code: fallback.code }] : [])],
    ...(fallback ? { fallback } : {}),
    ...(report.note ? { note: report.note } : {}),
    ...(probe
      ? { probe: { kind: probe.kind, ms: Math.round(probe.ms), ...(probe.kind === 'status' ? { status: probe.status, ...(probe.headers.server ? { server: probe.headers.server } : {}) } : {}) } }
      : {}),
    ...(report.close ? { close: { ...report.close, afterMs: Math.round(report.close.afterMs) } } : {}),
    userAgent: env.userAgent,
    ...(env.language ? { language: env.language } : {}),
    ...(env.connection && Object.keys(env.connection).length ? { connection: env.connection } : {}),
    totalMs: Math.round(report.totalMs),
  };
}
