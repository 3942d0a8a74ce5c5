/** Turning a raw finding into a worded one, with the words a catalog gives its code. */
import type { Catalog, Finding, RawFinding } from './types.js';

/**
 * Fills in message and remedy from the catalog. An unknown code is a programming error,
 * reported as such rather than thrown, so one bad rule never hides the others' findings.
 *
 * @example
 * describe(DOCTOR_CATALOG, { code: 'TCP_REFUSED', data: { address: '10.0.0.1', port: 443 } }).message
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
