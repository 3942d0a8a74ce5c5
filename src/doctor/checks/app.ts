/**
 * Step 7, the application: open a real WebSocket, read wsgate's hello, send the text "ping"
 * and time the "pong" (the guide's wscat test). A close right after open is classified here
 * (CLOSED_AFTER_OPEN) unless it is an auth close, which the auth check reports.
 */
import { PING_TEXT, PONG_TEXT, isAuthCloseCode, parseServerFrame } from '../../protocol/index.js';
import type { RawFinding } from '../../findings/index.js';
import type { Check, Facts } from '../types.js';
import { pathTarget } from './target.js';

export const appCheck: Check = {
  id: 'app',
  title: 'App (hello, ping/pong)',
  dependsOn: ['upgrade'],
  async run(ctx) {
    const { io, options } = ctx;
    const opened = await io.ws.open(pathTarget(ctx), options.timeoutMs);
    if (!opened.ok) {
      return { status: 'fail', findings: [{ code: 'HANDSHAKE_NO_RESPONSE', data: { error: opened.error.message, status: opened.status } }], summary: opened.error.message };
    }
    const { session } = opened;
    const started = io.clock.now();
    const facts: Partial<Facts> = {};
    const findings: RawFinding[] = [];
    const closedEarly = (code: number, reason: string) => {
      const afterMs = Math.round(io.clock.now() - started);
      facts.earlyClose = { code, reason, afterMs };
      if (!isAuthCloseCode(code)) findings.push({ code: 'CLOSED_AFTER_OPEN', data: { closeCode: code, reason, afterMs } });
      return { status: 'fail' as const, findings, facts, summary: `closed after ${afterMs} ms with ${code}${reason ? ` "${reason}"` : ''}` };
    };
    try {
      // wsgate greets first; other servers may say nothing, which is fine.
      const first = await session.next(Math.min(options.timeoutMs, 2000));
      if (first.type === 'close') return closedEarly(first.code, first.reason);
      const frame = first.type === 'message' ? parseServerFrame(first.data) : null;
      if (frame?.type === 'hello') {
        facts.hello = { interval: frame.heartbeat?.interval, timeout: frame.heartbeat?.timeout, user: frame.user?.id, protocol: frame.protocol };
      } else {
        findings.push({ code: 'NO_HELLO', data: {} });
      }
      const sentAt = io.clock.now();
      session.send(PING_TEXT);
      for (;;) {
        const left = options.timeoutMs - (io.clock.now() - sentAt);
        const ev = left > 0 ? await session.next(left) : ({ type: 'timeout' } as const);
        if (ev.type === 'close') return closedEarly(ev.code, ev.reason);
        if (ev.type === 'timeout') {
          findings.push({ code: 'NO_PONG', data: { timeoutMs: options.timeoutMs } });
          facts.pong = false;
          return { status: 'fail', findings, facts, summary: `no pong in ${options.timeoutMs} ms` };
        }
        if (ev.data === PONG_TEXT) break;
      }
      facts.pong = true;
      facts.rttMs = Math.round((io.clock.now() - sentAt) * 10) / 10;
      const hello = facts.hello ? `hello (heartbeat ${facts.hello.interval} ms)` : 'no hello';
      return { status: findings.length ? 'warn' : 'pass', findings, facts, summary: `${hello}, ping → pong in ${facts.rttMs} ms` };
    } finally {
      session.close();
    }
  },
};
