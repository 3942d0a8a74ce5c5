/**
 * Report renderers, one signature for all (human, json): `(report, options) => string`.
 * They never decide the exit code and never write: the CLI does both.
 */
import type { Lang } from '../i18n/index.js';
import { renderWords } from './render-words.js';
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
  /** The language of the renderer's own words (findings arrive worded already). */
  lang?: Lang;
}

export type Renderer<R extends Report = Report> = (report: R, options?: RenderOptions) => string;

const ANSI = { red: 31, yellow: 33, green: 32, cyan: 36, gray: 90, bold: 1 } as const;

export function paint(color: boolean | undefined, style: keyof typeof ANSI, text: string): string {
  return color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

const SEVERITY_STYLE: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'cyan' };
const STATUS_MARK = { pass: ['✔', 'green'], warn: ['!', 'yellow'], fail: ['✖', 'red'], skip: ['-', 'gray'] } as const;

/** Columns a string takes in a terminal: CJK characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** `padEnd` by display width, so CJK columns line up. */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** One line per check, with its time. */
export function renderChecks(checks: readonly CheckResult[], options: RenderOptions = {}): string {
  const width = Math.max(0, ...checks.map((c) => displayWidth(c.title ?? c.id)));
  return checks
    .map((c) => {
      const [mark, style] = STATUS_MARK[c.status];
      const name = padDisplay(c.title ?? c.id, width);
      const time = c.status === 'skip' ? '' : `${Math.round(c.durationMs)} ms`.padStart(8);
      const summary = c.summary ? `  ${paint(options.color, 'gray', c.summary)}` : '';
      return `  ${paint(options.color, style, mark)} ${name} ${time}${summary}`;
    })
    .join('\n');
}

/** Findings with their remedies, most severe first. */
export function renderFindings(findings: readonly Finding[], options: RenderOptions = {}): string {
  const words = renderWords(options.lang);
  if (findings.length === 0) return paint(options.color, 'green', `  ${words.noProblems}`);
  const width = Math.max(7, ...Object.values(words.severity).map((w) => displayWidth(w)));
  return findings
    .map((f) => {
      const where = typeof f.data.file === 'string' ? `${f.data.file}${typeof f.data.line === 'number' ? `:${f.data.line}` : ''}  ` : '';
      const head = `${paint(options.color, SEVERITY_STYLE[f.severity], padDisplay(words.severity[f.severity], width))} ${paint(options.color, 'bold', f.code)}  ${where}${f.message}`;
      return `  ${head}\n          ${paint(options.color, 'gray', '→')} ${f.remedy}`;
    })
    .join('\n');
}

export const renderHuman: Renderer = (report, options = {}) => {
  const parts: string[] = [];
  if (options.title) parts.push(paint(options.color, 'bold', options.title));
  if (report.checks && report.checks.length > 0) parts.push(renderChecks(report.checks, options));
  parts.push(renderFindings(report.findings, options));
  const count = (s: Severity): number => report.findings.filter((f) => f.severity === s).length;
  const verdict = renderWords(options.lang).verdict(report.ok, { error: count('error'), warning: count('warning'), info: count('info') });
  parts.push(paint(options.color, report.ok ? 'green' : 'red', verdict));
  return parts.join('\n\n') + '\n';
};

export const renderJson: Renderer = (report) => JSON.stringify(report, null, 2) + '\n';
