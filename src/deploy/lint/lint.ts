/**
 * The lint engine: parse each input by its format, run every rule that applies to it, and
 * return raw findings. A broken input becomes a finding for that input; the others are still
 * checked. Pure: the inputs come in as text (see inputs.ts for reading files).
 */
import { describe, sortFindings, wordedIn, type Finding, type RawFinding } from '../../findings/index.js';
import type { Lang } from '../../i18n/index.js';
import { LINT_WORDS } from './catalog-languages.js';
import { detectFormat } from './detect.js';
import { parseCaddyfile, parseNginx } from './parsers/block.js';
import { parseHaproxy } from './parsers/haproxy.js';
import { parseYaml } from './parsers/yaml.js';
import { RULES } from './rules/index.js';
import { ConfigSyntaxError, type Format, type LintDoc, type LintRule } from './types.js';

export interface LintInput {
  /** Shown in findings (`data.file`); `<stdin>` for `-`. */
  file: string;
  text: string;
  /** Forces a format instead of detecting it. */
  format?: Format;
}

function parse(input: LintInput, format: Format): { doc?: LintDoc; findings: RawFinding[] } {
  const { file, text } = input;
  if (format === 'yaml') return parseYaml(file, text);
  try {
    if (format === 'nginx') return { doc: { format, file, directives: parseNginx(text) }, findings: [] };
    if (format === 'caddy') return { doc: { format, file, directives: parseCaddyfile(text) }, findings: [] };
    return { doc: { format, file, sections: parseHaproxy(text) }, findings: [] };
  } catch (err) {
    if (!(err instanceof ConfigSyntaxError)) throw err;
    return { findings: [{ code: 'CONFIG_PARSE_ERROR', check: `${format}-syntax`, data: { file, line: err.line, format, error: err.message } }] };
  }
}

/**
 * Lints texts and returns raw findings (each with `data.file` and `data.line`).
 * @example lintTexts([{ file: 'ingress.yaml', text }]).map((f) => f.code)
 */
export function lintTexts(inputs: readonly LintInput[], rules: readonly LintRule[] = RULES): RawFinding[] {
  const findings: RawFinding[] = [];
  const docs: LintDoc[] = [];
  for (const input of inputs) {
    const format = input.format ?? detectFormat(input.file, input.text);
    if (!format) {
      findings.push({ code: 'UNKNOWN_FORMAT', check: 'detect-format', data: { file: input.file, line: 1 } });
      continue;
    }
    const parsed = parse(input, format);
    findings.push(...parsed.findings);
    if (parsed.doc) docs.push(parsed.doc);
  }
  for (const doc of docs) {
    for (const r of rules) {
      if (!r.applies(doc)) continue;
      findings.push(...r.run({ doc, all: docs }));
    }
  }
  return findings;
}

/** Orders by file, then line, then code: the order a reader walks a config in. */
export function byLocation(a: RawFinding, b: RawFinding): number {
  const fa = String(a.data?.file ?? '');
  const fb = String(b.data?.file ?? '');
  if (fa !== fb) return fa < fb ? -1 : 1;
  return Number(a.data?.line ?? 0) - Number(b.data?.line ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Words every finding from the lint catalog (in `lang`); errors first, then by file and line. */
export function describeLintFindings(raw: readonly RawFinding[], lang: Lang = 'en'): Finding[] {
  const catalog = wordedIn(LINT_WORDS, lang);
  return sortFindings([...raw].sort(byLocation).map((r) => describe(catalog, r)));
}
