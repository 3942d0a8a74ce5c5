/** Turning raw findings into worded ones, and ordering them. */
import type { Catalog, Finding, RawFinding, Severity } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Fills in message and remedy from the catalog. An unknown code is a programming error,
 * reported as such rather than thrown, so one bad rule never hides the others' findings.
 */
export function describe(catalog: Catalog, raw: RawFinding): Finding {
  const info = catalog[raw.code];
  const data = raw.data ?? {};
  if (!info) {
    return { code: raw.code, severity: raw.severity ?? 'error', check: raw.check, message: `unknown finding code ${raw.code}`, remedy: 'report this as a wsgate bug', data };
  }
  const finding: Finding = {
    code: raw.code,
    severity: raw.severity ?? info.severity,
    message: info.message(data),
    remedy: info.remedy(data),
    data,
  };
  if (raw.check !== undefined) finding.check = raw.check;
  return finding;
}

/** Errors first, then warnings, then info; stable within a severity. */
export function sortFindings<T extends { severity: Severity }>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => SEVERITY_RANK[a[0].severity] - SEVERITY_RANK[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
}

export function hasErrors(findings: readonly { severity: Severity }[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
