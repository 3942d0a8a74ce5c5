/**
 * Step 8, auth: a 401/403 on the upgrade (the upgrade check's facts), or an auth close right
 * after open (`AUTH_CLOSE_CODES`: 4401/4403/1008, the app check's facts), means the credentials
 * were refused (browsers see both as a bare 1006, docs/facts.md "Close codes").
 */
import { isAuthCloseCode } from '../../protocol/index.js';
import type { Check } from '../types.js';

export const authCheck: Check = {
  id: 'auth',
  title: 'Auth',
  dependsOn: ['tcp'],
  reads: ['upgrade', 'app'],
  async run({ facts, plan }) {
    const status = facts.upgrade?.status;
    if (status === 401) {
      return { status: 'fail', findings: [{ code: 'AUTH_REJECTED', data: { status, tokenSource: plan.tokenSource } }], summary: `401 on the upgrade (token from ${plan.tokenSource})` };
    }
    if (status === 403) return { status: 'fail', findings: [], summary: '403 on the upgrade (see HANDSHAKE_REJECTED)' };
    const early = facts.earlyClose;
    if (early && isAuthCloseCode(early.code)) {
      return {
        status: 'fail',
        findings: [{ code: 'AUTH_REJECTED', data: { closeCode: early.code, reason: early.reason, afterMs: early.afterMs, tokenSource: plan.tokenSource } }],
        summary: `closed with ${early.code} after ${early.afterMs} ms`,
      };
    }
    if (facts.hello?.user) return { status: 'pass', findings: [], summary: `accepted as user ${facts.hello.user}` };
    if (status === 101 && facts.pong) return { status: 'pass', findings: [], summary: 'accepted' };
    return { status: 'skip', findings: [], summary: 'nothing to judge: the connection did not get that far' };
  },
};
