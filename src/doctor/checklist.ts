/**
 * The guide's checklist (运维检查清单) as data: one row per item, with the guide's words, the
 * English title and a judge that reads what the checks saw and says passed, failed, or not
 * checkable from outside (with why). `buildChecklist` runs the judges; `renderChecklist` in
 * render.ts is the one renderer.
 */
import { isIP } from 'node:net';
import type { CheckOutcome, ChecklistItem, ChecklistStatus, Facts, PathPlan } from './types.js';

/** What a judge sees: the path, every check's outcome by id, and all facts. */
interface Seen {
  plan: PathPlan;
  outcomes: ReadonlyMap<string, CheckOutcome>;
  facts: Facts;
}

type Verdict = [status: ChecklistStatus, note: string];

interface ChecklistRow {
  id: string;
  /** The guide's wording. */
  item: string;
  title: string | ((plan: PathPlan) => string);
  judge: (seen: Seen) => Verdict;
}

const status = (s: Seen, id: string): CheckOutcome['status'] | undefined => s.outcomes.get(id)?.status;
const summary = (s: Seen, id: string): string => s.outcomes.get(id)?.summary ?? '';
const has = (s: Seen, id: string, ...codes: string[]): boolean => Boolean(s.outcomes.get(id)?.findings.some((f) => codes.includes(f.code)));
const appRan = (s: Seen): boolean => status(s, 'app') === 'pass' || status(s, 'app') === 'warn';

export const CHECKLIST: readonly ChecklistRow[] = [
  {
    id: 'dns-record',
    item: 'DNS 记录已添加',
    title: 'DNS record exists',
    judge: (s) => {
      if (isIP(s.plan.host)) return ['unknown', 'the URL uses an IP address'];
      if (s.plan.pinned) return ['unknown', `not looked up: the address was pinned with ${s.plan.pinnedBy ?? '--resolve'}`];
      if (status(s, 'dns') === 'pass') return ['pass', `${s.plan.host} → ${(s.facts.addresses ?? []).join(', ')}`];
      return ['fail', `${s.plan.host} does not resolve`];
    },
  },
  {
    id: 'dns-only',
    item: 'DNS 不走 CDN（仅 DNS 模式）',
    title: 'WebSocket host not behind a CDN (or the CDN forwards WebSockets)',
    judge: (s) => {
      const cdn = s.facts.cdn?.provider ?? null;
      const upgrade = status(s, 'upgrade');
      if (s.plan.pinned || status(s, 'dns') !== 'pass') return ['unknown', 'DNS was not used for this path'];
      if (!cdn) return ['pass', 'no CDN seen in CNAMEs, headers or address ranges'];
      if (upgrade === 'pass') return ['pass', `behind ${cdn}, which forwards the upgrade`];
      return [upgrade === undefined || upgrade === 'skip' ? 'unknown' : 'fail', `behind ${cdn}${upgrade === 'fail' ? ', and the upgrade fails' : ''}`];
    },
  },
  {
    id: 'ingress',
    item: 'K3s Ingress 已配置 WebSocket 支持',
    title: 'Ingress/proxy forwards WebSockets',
    judge: (s) => {
      const upgrade = status(s, 'upgrade');
      if (upgrade === 'pass') return ['pass', '101 Switching Protocols came back through every hop'];
      if (upgrade === 'fail' && has(s, 'upgrade', 'HANDSHAKE_REJECTED', 'HANDSHAKE_TIMEOUT', 'HANDSHAKE_INVALID_ACCEPT'))
        return ['fail', `the upgrade failed (${s.outcomes.get('upgrade')!.summary ?? 'see findings'})`];
      return ['unknown', 'the upgrade was not reached or failed for another reason (see findings)'];
    },
  },
  {
    id: 'https',
    item: 'HTTPS 证书已配置',
    title: 'HTTPS certificate configured',
    judge: (s) => {
      const tls = status(s, 'tls');
      if (!s.plan.secure) return ['fail', 'the URL is ws:// (no TLS)'];
      if (tls === 'pass' || (tls === 'warn' && s.outcomes.get('tls')!.findings.every((f) => f.code === 'TLS_EXPIRING_SOON'))) return ['pass', summary(s, 'tls')];
      if (tls === 'fail' || tls === 'warn') return ['fail', 'see the TLS findings'];
      return ['unknown', 'TLS was not reached'];
    },
  },
  {
    id: 'port',
    item: '防火墙已开放 443 端口',
    title: (plan) => `Port ${plan.port} open in the firewall`,
    judge: (s) => {
      const tcp = status(s, 'tcp');
      if (tcp === 'pass' || tcp === 'warn') return ['pass', summary(s, 'tcp')];
      if (tcp === 'fail') return ['fail', summary(s, 'tcp')];
      return ['unknown', 'not reached'];
    },
  },
  {
    id: 'app',
    item: '服务端应用正常运行',
    title: 'Server application running',
    judge: (s) => {
      const upgradeStatus = s.facts.upgrade?.status;
      if (appRan(s)) return ['pass', summary(s, 'app')];
      if (status(s, 'app') === 'fail') return ['fail', summary(s, 'app')];
      if (status(s, 'upgrade') === 'fail' && has(s, 'upgrade', 'HANDSHAKE_REJECTED') && (upgradeStatus === 502 || upgradeStatus === 504))
        return ['fail', `the proxy answered ${upgradeStatus}: the upstream is unreachable`];
      return ['unknown', 'the application was not reached'];
    },
  },
  {
    id: 'heartbeat',
    item: '客户端实现了心跳保活',
    title: 'Heartbeat keeps connections alive',
    judge: ({ facts: { idle, hello } }) => {
      if (idle && idle.closedAfterMs === null) return ['pass', `no idle cut within ${Math.round(idle.heldMs / 1000)} s`];
      if (idle && idle.closedAfterMs !== null && hello)
        return hello.interval < idle.closedAfterMs
          ? ['pass', `server heartbeat ${hello.interval} ms < idle cut ${idle.closedAfterMs} ms`]
          : ['fail', `server heartbeat ${hello.interval} ms ≥ idle cut ${idle.closedAfterMs} ms`];
      if (idle && idle.closedAfterMs !== null)
        return ['unknown', `the path cuts idle connections after ${idle.closedAfterMs} ms; the client's heartbeat must beat that (not visible from outside)`];
      return ['unknown', 'a client-side property; run with --idle to measure the cut a heartbeat must beat'];
    },
  },
  {
    id: 'reconnect',
    item: '客户端实现了断线重连',
    title: 'Client reconnects with backoff',
    judge: () => ['unknown', 'a client-side property, not visible from outside (wsgate/client reconnects with full-jitter backoff)'],
  },
  {
    id: 'connect',
    item: '已测试连接成功',
    title: 'Connection tested end to end',
    judge: (s) => (appRan(s) ? ['pass', `connected and exchanged ping/pong (${s.facts.rttMs} ms)`] : ['fail', 'the connection test did not succeed (see findings)']),
  },
];

/** Judges every row of the checklist from what the checks of one path saw. */
export function buildChecklist(plan: PathPlan, outcomes: ReadonlyMap<string, CheckOutcome>, facts: Facts): ChecklistItem[] {
  return CHECKLIST.map((row) => {
    const [status, note] = row.judge({ plan, outcomes, facts });
    return { id: row.id, item: row.item, title: typeof row.title === 'function' ? row.title(plan) : row.title, status, note };
  });
}
