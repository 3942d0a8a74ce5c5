// The diagnose page's verdicts from the browser test's findings, and the posted body: only the
// fields the server keeps, no token in the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserTestReport } from './browser-test.js';
import { diagnosisPayload, judge, needsFallback } from './diagnose-verdict.js';
import { DIAGNOSE_WORDS } from './diagnose-words.js';

function report(code?: string, data: Record<string, unknown> = {}): BrowserTestReport {
  return { ok: !code, url: 'ws://h/api/ws/chat?token=…', steps: [{ id: 'open', title: 'connect (onopen)', status: code ? 'fail' : 'pass', durationMs: 12.4, summary: 's' }], findings: code ? [{ code, severity: 'error', message: 'm', remedy: 'r', data } as never] : [], totalMs: 20.2 };
}

test('each finding becomes a verdict the user can read in both languages', () => {
  const cases: Array<[string | undefined, Record<string, unknown>, string]> = [
    [undefined, {}, 'ok'],
    ['AUTH_REJECTED', {}, 'ok-auth'],
    ['HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' }, 'upgrade-blocked'],
    ['HANDSHAKE_REJECTED', { status: 502, cause: 'bad-gateway' }, 'rejected'],
    ['TCP_REFUSED', {}, 'unreachable'],
    ['HANDSHAKE_TIMEOUT', {}, 'timeout'],
    ['CLOSED_AFTER_OPEN', { closeCode: 1006 }, 'cut'],
    ['BROWSER_REFUSED', {}, 'browser-refused'],
    ['SOMETHING_NEW', {}, 'other'],
  ];
  for (const [code, data, verdict] of cases) {
    const v = judge(report(code, data));
    assert.equal(v.verdict, verdict, String(code));
    for (const lang of ['zh', 'en'] as const) assert.ok(DIAGNOSE_WORDS[lang].verdict[v.verdict](v).length >= 8);
  }
  assert.match(DIAGNOSE_WORDS.zh.verdict['upgrade-blocked'](judge(report('HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' }))), /HTTP 426/);
});

test('the payload: version 1, verdict, rounded times, user agent and network, nothing else', () => {
  const body = diagnosisPayload({ ...report('HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' }), probe: { kind: 'status', status: 426, statusText: '', headers: { server: 'nginx', 'set-cookie': 'a=b' }, body: 'secret body', ms: 3.3 } }, { userAgent: 'UA', connection: { effectiveType: '4g' } });
  assert.deepEqual(Object.keys(body).sort(), ['connection', 'findings', 'ok', 'probe', 'steps', 'totalMs', 'url', 'userAgent', 'verdict', 'version']);
  assert.deepEqual(body.probe, { kind: 'status', ms: 3, status: 426, server: 'nginx' });
  assert.equal((body.steps as Array<{ durationMs: number }>)[0]!.durationMs, 12);
  assert.ok(!JSON.stringify(body).includes('secret body') && !JSON.stringify(body).includes('a=b'));
});

test('the fallback step: its result is posted and its code joins the findings', () => {
  const fallback = { outcome: 'works', code: 'FALLBACK_WORKS', status: 200, headersMs: 4, sessionMs: 5, helloMs: 6, sendStatus: 204, pongMs: 3 } as const;
  const r = report('HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' });
  assert.ok(needsFallback(judge(r)));
  assert.ok(!needsFallback({ verdict: 'ok-auth' }));
  const body = diagnosisPayload(r, { userAgent: 'UA' }, fallback);
  assert.deepEqual((body.findings as Array<{ code: string }>).map((f) => f.code), ['HANDSHAKE_REJECTED', 'FALLBACK_WORKS']);
  assert.deepEqual(body.fallback, fallback);
  for (const outcome of ['works', 'buffered', 'unavailable', 'sign-in'] as const) for (const lang of ['zh', 'en'] as const) assert.ok(DIAGNOSE_WORDS[lang].fallback[outcome]({ pongMs: 3, status: 502 }).length >= 8);
  assert.match(DIAGNOSE_WORDS.en.fallback.works({ pongMs: 3 }), /WebSocket is blocked here, but the SSE fallback works/);
});
