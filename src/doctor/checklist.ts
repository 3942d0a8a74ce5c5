/**
 * The guide's checklist (运维检查清单), each item judged from what the checks saw: passed,
 * failed, or not checkable from outside (with why).
 */
import { isIP } from 'node:net';
import type { CheckOutcome, ChecklistItem, ChecklistStatus, Facts, PathPlan } from './types.js';

type Outcomes = ReadonlyMap<string, CheckOutcome>;

const st = (o: Outcomes, id: string): CheckOutcome['status'] | undefined => o.get(id)?.status;
const has = (o: Outcomes, id: string, code: string): boolean => Boolean(o.get(id)?.findings.some((f) => f.code === code));

function item(id: string, zh: string, title: string, status: ChecklistStatus, note: string): ChecklistItem {
  return { id, item: zh, title, status, note };
}

export function buildChecklist(plan: PathPlan, outcomes: Outcomes, facts: Facts): ChecklistItem[] {
  const dns = st(outcomes, 'dns');
  const tcp = st(outcomes, 'tcp');
  const tls = st(outcomes, 'tls');
  const upgrade = st(outcomes, 'upgrade');
  const app = st(outcomes, 'app');
  const cdn = facts.cdn?.provider ?? null;
  const upgradeOk = upgrade === 'pass';
  const items: ChecklistItem[] = [];

  items.push(
    isIP(plan.host)
      ? item('dns-record', 'DNS 记录已添加', 'DNS record exists', 'unknown', 'the URL uses an IP address')
      : plan.pinned
      ? item('dns-record', 'DNS 记录已添加', 'DNS record exists', 'unknown', `not looked up: the address was pinned with ${plan.pinnedBy ?? '--resolve'}`)
      : dns === 'pass'
        ? item('dns-record', 'DNS 记录已添加', 'DNS record exists', 'pass', `${plan.host} → ${(facts.addresses ?? []).join(', ')}`)
        : item('dns-record', 'DNS 记录已添加', 'DNS record exists', 'fail', `${plan.host} does not resolve`),
  );

  if (plan.pinned || dns !== 'pass') items.push(item('dns-only', 'DNS 不走 CDN（仅 DNS 模式）', 'WebSocket host not behind a CDN (or the CDN forwards WebSockets)', 'unknown', 'DNS was not used for this path'));
  else if (!cdn) items.push(item('dns-only', 'DNS 不走 CDN（仅 DNS 模式）', 'WebSocket host not behind a CDN (or the CDN forwards WebSockets)', 'pass', 'no CDN seen in CNAMEs, headers or address ranges'));
  else if (upgradeOk) items.push(item('dns-only', 'DNS 不走 CDN（仅 DNS 模式）', 'WebSocket host not behind a CDN (or the CDN forwards WebSockets)', 'pass', `behind ${cdn}, which forwards the upgrade`));
  else items.push(item('dns-only', 'DNS 不走 CDN（仅 DNS 模式）', 'WebSocket host not behind a CDN (or the CDN forwards WebSockets)', upgrade === undefined || upgrade === 'skip' ? 'unknown' : 'fail', `behind ${cdn}${upgrade === 'fail' ? ', and the upgrade fails' : ''}`));

  const ingressTitle = 'Ingress/proxy forwards WebSockets';
  if (upgradeOk) items.push(item('ingress', 'K3s Ingress 已配置 WebSocket 支持', ingressTitle, 'pass', '101 Switching Protocols came back through every hop'));
  else if (upgrade === 'fail' && outcomes.get('upgrade')?.findings.some((f) => f.code === 'HANDSHAKE_REJECTED' || f.code === 'HANDSHAKE_TIMEOUT' || f.code === 'HANDSHAKE_INVALID_ACCEPT'))
    items.push(item('ingress', 'K3s Ingress 已配置 WebSocket 支持', ingressTitle, 'fail', `the upgrade failed (${outcomes.get('upgrade')!.summary ?? 'see findings'})`));
  else items.push(item('ingress', 'K3s Ingress 已配置 WebSocket 支持', ingressTitle, 'unknown', 'the upgrade was not reached or failed for another reason (see findings)'));

  if (!plan.secure) items.push(item('https', 'HTTPS 证书已配置', 'HTTPS certificate configured', 'fail', 'the URL is ws:// (no TLS)'));
  else if (tls === 'pass' || (tls === 'warn' && outcomes.get('tls')!.findings.every((f) => f.code === 'TLS_EXPIRING_SOON')))
    items.push(item('https', 'HTTPS 证书已配置', 'HTTPS certificate configured', 'pass', outcomes.get('tls')?.summary ?? ''));
  else if (tls === 'fail' || tls === 'warn') items.push(item('https', 'HTTPS 证书已配置', 'HTTPS certificate configured', 'fail', 'see the TLS findings'));
  else items.push(item('https', 'HTTPS 证书已配置', 'HTTPS certificate configured', 'unknown', 'TLS was not reached'));

  const portTitle = `Port ${plan.port} open in the firewall`;
  if (tcp === 'pass' || tcp === 'warn') items.push(item('port', '防火墙已开放 443 端口', portTitle, 'pass', outcomes.get('tcp')?.summary ?? ''));
  else if (tcp === 'fail') items.push(item('port', '防火墙已开放 443 端口', portTitle, 'fail', outcomes.get('tcp')?.summary ?? ''));
  else items.push(item('port', '防火墙已开放 443 端口', portTitle, 'unknown', 'not reached'));

  const appTitle = 'Server application running';
  if (app === 'pass' || app === 'warn') items.push(item('app', '服务端应用正常运行', appTitle, 'pass', outcomes.get('app')?.summary ?? ''));
  else if (app === 'fail') items.push(item('app', '服务端应用正常运行', appTitle, 'fail', outcomes.get('app')?.summary ?? ''));
  else if (upgrade === 'fail' && has(outcomes, 'upgrade', 'HANDSHAKE_REJECTED') && facts.upgrade && (facts.upgrade.status === 502 || facts.upgrade.status === 504))
    items.push(item('app', '服务端应用正常运行', appTitle, 'fail', `the proxy answered ${facts.upgrade.status}: the upstream is unreachable`));
  else items.push(item('app', '服务端应用正常运行', appTitle, 'unknown', 'the application was not reached'));

  const hbTitle = 'Heartbeat keeps connections alive';
  const idle = facts.idle;
  if (idle && idle.closedAfterMs === null) items.push(item('heartbeat', '客户端实现了心跳保活', hbTitle, 'pass', `no idle cut within ${Math.round(idle.heldMs / 1000)} s`));
  else if (idle && idle.closedAfterMs !== null && facts.hello)
    items.push(
      facts.hello.interval < idle.closedAfterMs
        ? item('heartbeat', '客户端实现了心跳保活', hbTitle, 'pass', `server heartbeat ${facts.hello.interval} ms < idle cut ${idle.closedAfterMs} ms`)
        : item('heartbeat', '客户端实现了心跳保活', hbTitle, 'fail', `server heartbeat ${facts.hello.interval} ms ≥ idle cut ${idle.closedAfterMs} ms`),
    );
  else if (idle && idle.closedAfterMs !== null)
    items.push(item('heartbeat', '客户端实现了心跳保活', hbTitle, 'unknown', `the path cuts idle connections after ${idle.closedAfterMs} ms; the client's heartbeat must beat that (not visible from outside)`));
  else items.push(item('heartbeat', '客户端实现了心跳保活', hbTitle, 'unknown', 'a client-side property; run with --idle to measure the cut a heartbeat must beat'));

  items.push(item('reconnect', '客户端实现了断线重连', 'Client reconnects with backoff', 'unknown', 'a client-side property, not visible from outside (wsgate/client reconnects with full-jitter backoff)'));

  const connectTitle = 'Connection tested end to end';
  if (app === 'pass' || app === 'warn') items.push(item('connect', '已测试连接成功', connectTitle, 'pass', `connected and exchanged ping/pong (${facts.rttMs} ms)`));
  else items.push(item('connect', '已测试连接成功', connectTitle, 'fail', 'the connection test did not succeed (see findings)'));
  return items;
}
