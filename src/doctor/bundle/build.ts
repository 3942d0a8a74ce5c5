/**
 * From a doctor report to the support bundle's sections: findings and checklist, the path with
 * timings, DNS with the CNAME chain, the handshake as `curl -v` shows it, the idle probe, the
 * origin comparison, and the tool/Node versions with the time. Pure: the CLI passes the meta.
 */
import type { DoctorReport } from '../types.js';
import type { Block, Bundle, BundleMeta, Section } from './model.js';
import { bundleWords } from './languages.js';
import { BUNDLE_WORDS, type BundleWords } from './words.js';

const ms = (n: number | undefined | null): string => (n === undefined || n === null ? '' : `${Math.round(n)} ms`);

function pathTable(W: BundleWords, report: DoctorReport): Block {
  return { kind: 'table', head: [...W.pathHead], rows: report.checks.map((c) => [c.title ?? c.id, W.status[c.status] ?? c.status, c.status === 'skip' ? '' : ms(c.durationMs), c.summary ?? '']) };
}

function dnsBlocks(W: BundleWords, report: DoctorReport, host: string): Block[] {
  const f = report.facts;
  if (!f.addresses && !report.pinned) return [{ kind: 'text', text: W.dns.notAsked }];
  const rows: Array<[string, string]> = [[W.dns.host, host]];
  if (report.pinned) rows.push([W.dns.pinned(report.pinned.by), report.pinned.addresses.join(', ')]);
  else rows.push([W.dns.chain, f.cnames && f.cnames.length ? [host, ...f.cnames].join(' → ') : W.dns.noChain]);
  rows.push([W.dns.addresses, (f.addresses ?? []).join(', ')]);
  if (f.address) rows.push([W.dns.dialled, f.address]);
  const blocks: Block[] = [{ kind: 'facts', rows }];
  if (f.tcp && f.tcp.length) blocks.push({ kind: 'table', head: [...W.dns.tcpHead], rows: f.tcp.map((t) => [t.address, t.ok ? W.status.pass! : W.status.fail!, ms(t.ms), t.error ?? '']) });
  return blocks;
}

/**
 * The handshake in `curl -v`'s notation: `*` for what the tool did, `>` for the request sent,
 * `<` for the response head received.
 */
export function curlVerbose(host: string, handshake: NonNullable<DoctorReport['facts']['handshake']>, W: BundleWords = BUNDLE_WORDS): string {
  const [address, port] = [handshake.target.slice(0, handshake.target.lastIndexOf(':')), handshake.target.slice(handshake.target.lastIndexOf(':') + 1)];
  const lines = [`*   Trying ${handshake.target}...`, `* Connected to ${host} (${address}) port ${port}`];
  for (const l of handshake.request.split('\r\n')) lines.push(`> ${l}`);
  lines.push('>');
  if (handshake.response === undefined) lines.push(`* ${W.handshake.noResponse}`);
  else {
    for (const l of handshake.response.split('\r\n')) lines.push(`< ${l}`);
    lines.push('<');
  }
  return lines.join('\n');
}

function handshakeBlock(W: BundleWords, report: DoctorReport, host: string): Block {
  const h = report.facts.handshake;
  return h ? { kind: 'code', text: curlVerbose(host, h, W) } : { kind: 'text', text: W.handshake.none };
}

function idleBlock(W: BundleWords, report: DoctorReport): Block {
  const idle = report.facts.idle;
  const check = report.checks.find((c) => c.id === 'idle');
  if (!idle) return { kind: 'text', text: check && check.status !== 'skip' ? (check.summary ?? W.idle.notReached) : check?.summary?.includes('--idle') ? W.idle.notRun : W.idle.notReached };
  const rows: Array<[string, string]> = [[W.idle.rows.held, `${Math.round(idle.heldMs / 1000)} s`]];
  if (idle.closedAfterMs === null) rows.push([W.idle.rows.cut, W.idle.rows.never]);
  else {
    rows.push([W.idle.rows.cut, `${(idle.closedAfterMs / 1000).toFixed(1)} s`]);
    if (idle.closeCode !== undefined) rows.push([W.idle.rows.closeCode, String(idle.closeCode)]);
  }
  if (idle.heartbeatIntervalMs !== undefined) rows.push([W.idle.rows.heartbeat, ms(idle.heartbeatIntervalMs)]);
  if (idle.heartbeatSurvived !== undefined) rows.push([W.idle.rows.survived, idle.heartbeatSurvived ? W.idle.yes : W.idle.no]);
  return { kind: 'facts', rows };
}

function comparison(W: BundleWords, report: DoctorReport): Block[] {
  const o = report.origin;
  if (!o) return [{ kind: 'text', text: W.comparison.none }];
  const ids = [...new Set([...report.checks.map((c) => c.id), ...o.checks.map((c) => c.id)])];
  const cell = (r: DoctorReport, id: string): string => {
    const c = r.checks.find((x) => x.id === id);
    return c ? `${W.status[c.status] ?? c.status}${c.summary ? `: ${c.summary}` : ''}` : '';
  };
  const rows = ids.map((id) => [report.checks.find((c) => c.id === id)?.title ?? o.checks.find((c) => c.id === id)?.title ?? id, cell(report, id), cell(o, id)]);
  rows.unshift([W.comparison.addresses, report.addresses.join(', '), o.addresses.join(', ')]);
  rows.push([W.comparison.verdict, report.findings.some((f) => f.severity === 'error') ? W.status.fail! : W.status.pass!, o.ok ? W.status.pass! : W.status.fail!]);
  return [{ kind: 'table', head: [...W.comparison.head], rows }];
}

export function verdictOf(report: DoctorReport, W: BundleWords = BUNDLE_WORDS): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  if (report.ok) return warnings ? W.verdictOkWarnings(warnings) : W.verdictOk;
  return W.verdictFail(errors, report.where?.label ?? null);
}

/**
 * The bundle for one doctor run.
 * @example renderBundleMarkdown(buildBundle(report, { tool: '0.1.0', node: process.version, platform: 'linux x64', generatedAt: new Date().toISOString() }))
 */
export function buildBundle(report: DoctorReport, meta: BundleMeta): Bundle {
  const W = bundleWords(meta.lang);
  const host = new URL(report.url).hostname.replace(/^\[|\]$/g, '');
  const S = W.sections;
  const sections: Section[] = [{ id: 'findings', heading: S.findings, blocks: [{ kind: 'findings', findings: report.findings, empty: W.noFindings }] }];
  const mainCodes = new Set(report.findings.map((f) => f.code));
  const originOnly = report.origin?.findings.filter((f) => !mainCodes.has(f.code)) ?? [];
  if (originOnly.length) sections.push({ id: 'origin-findings', heading: S.originOnly, blocks: [{ kind: 'findings', findings: originOnly, empty: W.noFindings }] });
  sections.push({ id: 'checklist', heading: S.checklist, blocks: [{ kind: 'checklist', items: report.checklist }] });
  sections.push({ id: 'path', heading: S.path, blocks: [pathTable(W, report)] });
  if (report.origin) sections.push({ id: 'origin-path', heading: S.originPath, blocks: [pathTable(W, report.origin)] });
  sections.push({ id: 'dns', heading: S.dns, blocks: dnsBlocks(W, report, host) });
  sections.push({ id: 'handshake', heading: S.handshake, blocks: [handshakeBlock(W, report, host)] });
  if (report.origin) sections.push({ id: 'origin-handshake', heading: S.originHandshake, blocks: [handshakeBlock(W, report.origin, host)] });
  sections.push({ id: 'idle', heading: S.idle, blocks: [idleBlock(W, report)] });
  sections.push({ id: 'comparison', heading: S.comparison, blocks: comparison(W, report) });
  const E = W.environment;
  sections.push({ id: 'environment', heading: S.environment, blocks: [{ kind: 'facts', rows: [[E.url, report.url], [E.tool, meta.tool], [E.node, meta.node], [E.platform, meta.platform], [E.time, meta.generatedAt]] }] });
  return { title: W.title(report.url), verdict: verdictOf(report, W), ok: report.ok, sections, lang: meta.lang ?? 'en' };
}
