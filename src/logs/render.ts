/**
 * The human report of `wsgate logs`: what was read, the sessions with a histogram of their
 * durations drawn in the terminal, then the findings (shared renderer). It never decides the
 * exit code.
 */
import { paint, renderFindings, type Finding, type RenderOptions } from '../findings/index.js';
import type { Bucket, LogsSummary } from './summary.js';
import { logsWords } from './catalog-languages.js';

export interface LogsReport {
  schemaVersion: 1;
  ok: boolean;
  summary: LogsSummary;
  findings: Finding[];
  files: string[];
  [extra: string]: unknown;
}

const BAR = 36;

/** Rows like ` 2–5 s   ████████████▌        12  40%`, empty buckets at either end left out. */
export function renderHistogram(bs: readonly Bucket[], options: RenderOptions = {}): string {
  const first = bs.findIndex((b) => b.count > 0);
  if (first < 0) return '';
  let last = bs.length - 1;
  while (bs[last]!.count === 0) last--;
  const shown = bs.slice(first, last + 1);
  const max = Math.max(...shown.map((b) => b.count));
  const total = shown.reduce((n, b) => n + b.count, 0);
  const width = Math.max(...shown.map((b) => b.label.length));
  return shown
    .map((b) => {
      const eighths = Math.round((b.count / max) * BAR * 8);
      const bar = '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1] : '');
      const pct = `${Math.round((b.count / total) * 100)}%`.padStart(4);
      return `  ${b.label.padStart(width)}  ${paint(options.color, 'cyan', bar.padEnd(BAR + 1))}${String(b.count).padStart(7)} ${pct}`;
    })
    .join('\n');
}

export function renderLogsHuman(report: LogsReport, options: RenderOptions = {}): string {
  const W = logsWords(options.lang);
  const s = report.summary;
  const formats = Object.entries(s.parsed)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const parts: string[] = [];
  parts.push(paint(options.color, 'bold', W.heading(report.files.length, s.lines, formats, s.skipped, s.unparsed, s.tooLong)));
  const sessions: string[] = [];
  if (s.requests) sessions.push(W.accessSessions(s.requests, s.sessions.access, s.sessions.withoutDuration));
  if (s.sessions.wsgate) sessions.push(W.wsgateSessions(s.sessions.wsgate));
  if (sessions.length) parts.push(sessions.map((l) => `  ${l}`).join('\n'));
  for (const [label, bs] of [[W.histogramAccess, s.durations.access], [W.histogramWsgate, s.durations.wsgate]] as const) {
    const h = renderHistogram(bs, options);
    if (h) parts.push(`${paint(options.color, 'bold', label)}\n${h}`);
  }
  parts.push(`${paint(options.color, 'bold', W.findings)}\n${renderFindings(report.findings, options)}`);
  const count = (sev: string): number => report.findings.filter((f) => f.severity === sev).length;
  parts.push(paint(options.color, report.ok ? 'green' : 'red', W.verdict(report.ok, count('error'), count('warning'), count('info'))));
  return `${parts.join('\n\n')}\n`;
}
