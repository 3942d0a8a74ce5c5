/** Step 3, TCP: every address DNS gave is tried; later steps use the first that answers. */
import type { RawFinding } from '../../findings/index.js';
import type { Check, TcpResult } from '../types.js';

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'TIMEOUT']);

function failureCode(result: Extract<TcpResult, { ok: false }>): string {
  if (result.error.code === 'ECONNREFUSED') return 'TCP_REFUSED';
  if (TIMEOUT_CODES.has(result.error.code)) return 'TCP_TIMEOUT';
  return 'TCP_UNREACHABLE';
}

export const tcpCheck: Check = {
  id: 'tcp',
  title: 'TCP',
  dependsOn: ['dns'],
  async run({ plan, io, facts, options }) {
    const addresses = facts.addresses ?? [];
    const results = await Promise.all(addresses.map((a) => io.tcp.connect(a, plan.port, options.timeoutMs)));
    const tcp = results.map((r, i) => ({ address: addresses[i]!, ok: r.ok, ms: Math.round(r.ms), ...(r.ok ? {} : { error: r.error.code }) }));
    const firstOk = tcp.find((r) => r.ok);
    const failed = tcp.filter((r) => !r.ok);
    const findings: RawFinding[] = [];
    if (!firstOk) {
      const first = results[0] as Extract<TcpResult, { ok: false }> | undefined;
      if (first) findings.push({ code: failureCode(first), data: { address: addresses[0], port: plan.port, error: first.error.code, timeoutMs: options.timeoutMs, addresses: tcp } });
      return { status: 'fail', findings, facts: { tcp }, summary: tcp.map((r) => `${r.address}: ${r.error}`).join(', ') };
    }
    if (failed.length > 0) {
      findings.push({ code: 'ADDRESS_UNREACHABLE', data: { failed: failed.length, total: tcp.length, addresses: failed.map((r) => `${r.address} ${r.error}`).join(', '), port: plan.port } });
    }
    return {
      status: failed.length > 0 ? 'warn' : 'pass',
      findings,
      facts: { tcp, address: firstOk.address },
      summary: `${firstOk.address}:${plan.port} connected in ${firstOk.ms} ms${tcp.length > 1 ? ` (${tcp.length - failed.length}/${tcp.length} addresses)` : ''}`,
    };
  },
};
