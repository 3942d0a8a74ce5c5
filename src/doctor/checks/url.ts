/** Step 1, the URL: what it reveals before any packet is sent (token in the query, no TLS). */
import { tokenParam } from '../plan.js';
import type { Check } from '../types.js';

export const urlCheck: Check = {
  id: 'url',
  title: 'URL',
  dependsOn: [],
  async run({ plan }) {
    const findings = [];
    const param = tokenParam(plan.url);
    if (param) findings.push({ code: 'TOKEN_IN_URL', data: { param } });
    if (!plan.secure) findings.push({ code: 'PLAINTEXT_WS', data: {} });
    return {
      status: param ? 'warn' : 'pass',
      findings,
      summary: `${plan.secure ? 'wss' : 'ws'}://${plan.url.host}${plan.url.pathname} → port ${plan.port}`,
    };
  },
};
