/**
 * Report renderers, one signature for all (human, json): `(report, options) => string`.
 * They never decide the exit code and never write: the CLI does both.
 */
import type { CheckResult, Finding, Severity } from './types.js';

export interface Report {
  schemaVersion: 1;
  ok: boolean;
  findings: Finding[];
  checks?: CheckResult[];
  [extra: string]: unknown;
}

export interface RenderOptions {
  /** ANSI colour (the CLI turns it on only for a TTY without NO_COLOR). */
  color?: boolean;
  /** A heading line, e.g. the URL or file list. */
  title?: string;
}

export type Renderer<R extends Report = Report> = (report: R, options?: RenderOptions) => string;

const ANSI = { red: 31, yellow: 33, green: 32, cyan: 36, gray: 90, bold: 1 } as const;

export function paint(color: boolean | undefined, style: keyof typeof ANSI, text: string): string {
  return color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

const SEVERITY_STYLE: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'cyan' };
const STATUS_MARK = { pass: ['✔', 'green'], warn: ['!', 'yellow'], fail: ['✖', 'red'], skip: ['-', 'gray'] } as const;

/** One line per check, with its time. */
export function renderChecks(checks: readonly CheckResult[], options: RenderOptions = {}): string {
  const width = Math.max(0, ...checks.map((c) => (c.title ?? c.id).length));
  return checks
    .map((c) => {
      const [mark, style] = STATUS_MARK[c.status];
      const name = (c.title ?? c.id).padEnd(width);
      const time = c.status === 'skip' ? '' : `${Math.round(c.durationMs)} ms`.padStart(8);
      const summary = c.summary ? `  ${paint(options.color, 'gray', c.summary)}` : '';
      return `  ${paint(options.color, style, mark)} ${name} ${time}${summary}`;
    })
    .join('\n');
}

/** Findings with their remedies, most severe first. */
export function renderFindings(findings: readonly Finding[], options: RenderOptions = {}): string {
  if (findings.length === 0) return paint(options.color, 'green', '  no problems found');
  return findings
    .map((f) => {
      const where = typeof f.data.file === 'string' ? `${f.data.file}${typeof f.data.line === 'number' ? `:${f.data.line}` : ''}  ` : '';
      const head = `${paint(options.color, SEVERITY_STYLE[f.severity], f.severity.padEnd(7))} ${paint(options.color, 'bold', f.code)}  ${where}${f.message}`;
      return `  ${head}\n          ${paint(options.color, 'gray', '→')} ${f.remedy}`;
    })
    .join('\n');
}

export const renderHuman: Renderer = (report, options = {}) => {
  const parts: string[] = [];
  if (options.title) parts.push(paint(options.color, 'bold', options.title));
  if (report.checks && report.checks.length > 0) parts.push(renderChecks(report.checks, options));
  parts.push(renderFindings(report.findings, options));
  const counts = (['error', 'warning', 'info'] as const).map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}${s === 'info' ? '' : 's'}`);
  parts.push(paint(options.color, report.ok ? 'green' : 'red', `${report.ok ? 'OK' : 'FAIL'}: ${counts.join(', ')}`));
  return parts.join('\n\n') + '\n';
};

export const renderJson: Renderer = (report) => JSON.stringify(report, null, 2) + '\n';
