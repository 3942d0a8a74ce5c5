/**
 * The doctor's human report: the path in one line per step with its time, the findings with
 * their remedies, the guide's checklist, and the origin path beside it. Same signature as the
 * shared renderers (`(report, options) => string`); it never decides the exit code.
 */
import { paint, renderChecks, renderFindings, type RenderOptions } from '../findings/index.js';
import type { Lang } from '../i18n/index.js';
import type { ChecklistItem, DoctorReport, ProgressEvent } from './types.js';
import { summaryZh } from './phrases.zh-CN.js';
import { DOCTOR_RENDER_WORDS } from './words.js';

const ITEM_MARK = { pass: ['✔', 'green'], fail: ['✖', 'red'], unknown: ['?', 'gray'] } as const;

function renderChecklist(items: readonly ChecklistItem[], options: RenderOptions): string {
  return items
    .map((i) => {
      const [mark, style] = ITEM_MARK[i.status];
      // In Chinese the guide's item is the title; in English both show.
      const name = options.lang === 'zh-CN' ? i.item : `${i.item} — ${i.title}`;
      return `  ${paint(options.color, style, mark)} ${name}${i.note ? `  ${paint(options.color, 'gray', i.note)}` : ''}`;
    })
    .join('\n');
}

function renderPath(report: DoctorReport, options: RenderOptions, label: string): string[] {
  const w = DOCTOR_RENDER_WORDS[options.lang ?? 'en'];
  const line = w.pathLine(label, report.addresses.length ? report.addresses.join(', ') : null, report.cdn.provider, report.proxy, report.pinned?.by ?? null);
  return [paint(options.color, 'bold', line), renderChecks(report.checks, options)];
}

export function renderDoctorHuman(report: DoctorReport, options: RenderOptions = {}): string {
  const w = DOCTOR_RENDER_WORDS[options.lang ?? 'en'];
  const parts: string[] = [];
  parts.push(paint(options.color, 'bold', `wsgate doctor ${report.url}`));
  parts.push(renderPath(report, options, w.path).join('\n'));
  if (report.origin) parts.push(renderPath(report.origin, options, w.origin).join('\n'));
  parts.push(`${paint(options.color, 'bold', w.findings)}\n${renderFindings(report.findings, options)}`);
  // Only what differs: codes the main path also has would repeat the same advice.
  const mainCodes = new Set(report.findings.map((f) => f.code));
  const originOnly = report.origin?.findings.filter((f) => !mainCodes.has(f.code)) ?? [];
  if (originOnly.length > 0) parts.push(`${paint(options.color, 'bold', w.originOnly)}\n${renderFindings(originOnly, options)}`);
  parts.push(`${paint(options.color, 'bold', w.checklist)}\n${renderChecklist(report.checklist, options)}`);
  const count = (s: string): number => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const at = report.where ? `${report.where.label}${report.where.hop === 'cdn-edge' && report.cdn.provider ? w.paren(report.cdn.provider) : report.where.hop === 'proxy' && report.proxy ? w.paren(report.proxy) : ''}` : null;
  const verdict = w.verdict({ ok: report.ok, errors, warnings, at });
  parts.push(paint(options.color, report.ok ? 'green' : 'red', verdict));
  return `${parts.join('\n\n')}\n`;
}

/** One progress line: "idle (main): silent connection 12 s / 120 s (108 s left)". */
export function formatProgress(e: ProgressEvent, lang: Lang = 'en'): string {
  const left = DOCTOR_RENDER_WORDS[lang].left;
  const times = e.elapsedMs !== undefined && e.totalMs !== undefined ? ` ${Math.floor(e.elapsedMs / 1000)} s / ${Math.round(e.totalMs / 1000)} s (${left(Math.max(0, Math.ceil((e.totalMs - e.elapsedMs) / 1000)))})` : '';
  return `${e.check} (${e.path}): ${lang === 'en' ? e.message : summaryZh(e.message)}${times}`;
}

/** The live countdown for a TTY, one short line for all paths: "idle probe  main: silent connection 2/6 s  ·  origin: …". */
export function formatCountdown(events: readonly ProgressEvent[], lang: Lang = 'en'): string {
  const parts = events.map((e) => `${e.path}: ${lang === 'en' ? e.message : summaryZh(e.message)} ${Math.floor((e.elapsedMs ?? 0) / 1000)}/${Math.round((e.totalMs ?? 0) / 1000)} s`);
  return `${DOCTOR_RENDER_WORDS[lang].idleProbe}  ${parts.join('  ·  ')}`;
}
