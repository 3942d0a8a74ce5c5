/**
 * The doctor's human report: the path in one line per step with its time, the findings with
 * their remedies, the guide's checklist, and the origin path beside it. Same signature as the
 * shared renderers (`(report, options) => string`); it never decides the exit code.
 */
import { paint, renderChecks, renderFindings, type RenderOptions } from '../findings/index.js';
import type { ChecklistItem, DoctorReport, ProgressEvent } from './types.js';

const ITEM_MARK = { pass: ['✔', 'green'], fail: ['✖', 'red'], unknown: ['?', 'gray'] } as const;

function renderChecklist(items: readonly ChecklistItem[], options: RenderOptions): string {
  return items
    .map((i) => {
      const [mark, style] = ITEM_MARK[i.status];
      return `  ${paint(options.color, style, mark)} ${i.item} — ${i.title}${i.note ? `  ${paint(options.color, 'gray', i.note)}` : ''}`;
    })
    .join('\n');
}

function renderPath(report: DoctorReport, options: RenderOptions, label: string): string[] {
  const cdn = report.cdn.provider ? `, CDN: ${report.cdn.provider}` : '';
  const proxy = report.proxy ? `, proxy: ${report.proxy}` : '';
  const pin = report.pinned ? ` (pinned by ${report.pinned.by}, no DNS)` : '';
  const via = report.addresses.length ? ` via ${report.addresses.join(', ')}${pin}` : '';
  return [paint(options.color, 'bold', `${label}${via}${cdn}${proxy}`), renderChecks(report.checks, options)];
}

export function renderDoctorHuman(report: DoctorReport, options: RenderOptions = {}): string {
  const parts: string[] = [];
  parts.push(paint(options.color, 'bold', `wsgate doctor ${report.url}`));
  parts.push(renderPath(report, options, 'Path').join('\n'));
  if (report.origin) parts.push(renderPath(report.origin, options, 'Origin (bypassing the CDN)').join('\n'));
  parts.push(`${paint(options.color, 'bold', 'Findings')}\n${renderFindings(report.findings, options)}`);
  // Only what differs: codes the main path also has would repeat the same advice.
  const mainCodes = new Set(report.findings.map((f) => f.code));
  const originOnly = report.origin?.findings.filter((f) => !mainCodes.has(f.code)) ?? [];
  if (originOnly.length > 0) parts.push(`${paint(options.color, 'bold', 'Findings only on the origin path')}\n${renderFindings(originOnly, options)}`);
  parts.push(`${paint(options.color, 'bold', 'Checklist (运维检查清单)')}\n${renderChecklist(report.checklist, options)}`);
  const count = (s: string): number => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const at = report.where ? ` at ${report.where.label}${report.where.hop === 'cdn-edge' && report.cdn.provider ? ` (${report.cdn.provider})` : report.where.hop === 'proxy' && report.proxy ? ` (${report.proxy})` : ''}` : '';
  const verdict = report.ok ? (warnings ? `OK with ${warnings} warning${warnings > 1 ? 's' : ''}` : 'OK') : `FAIL${at}: ${errors} error${errors > 1 ? 's' : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`;
  parts.push(paint(options.color, report.ok ? 'green' : 'red', verdict));
  return `${parts.join('\n\n')}\n`;
}

/** One progress line: "idle (main): silent connection 12 s / 120 s (108 s left)". */
export function formatProgress(e: ProgressEvent): string {
  const times = e.elapsedMs !== undefined && e.totalMs !== undefined ? ` ${Math.floor(e.elapsedMs / 1000)} s / ${Math.round(e.totalMs / 1000)} s (${Math.max(0, Math.ceil((e.totalMs - e.elapsedMs) / 1000))} s left)` : '';
  return `${e.check} (${e.path}): ${e.message}${times}`;
}

/** The live countdown for a TTY, one short line for all paths: "idle probe  main: silent connection 2/6 s  ·  origin: …". */
export function formatCountdown(events: readonly ProgressEvent[]): string {
  const parts = events.map((e) => `${e.path}: ${e.message} ${Math.floor((e.elapsedMs ?? 0) / 1000)}/${Math.round((e.totalMs ?? 0) / 1000)} s`);
  return `idle probe  ${parts.join('  ·  ')}`;
}
