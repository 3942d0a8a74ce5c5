/**
 * Findings: what doctor checks and lint rules produce. A check only pushes data
 * (`{ code, severity, data }`); a catalog turns each code into words (message and remedy);
 * renderers turn a report into text. The exit code is decided by the CLI from the findings.
 */

export type Severity = 'error' | 'warning' | 'info';

/** What a check or rule returns: data only, no prose. */
export interface RawFinding {
  code: string;
  severity?: Severity;
  /** The id of the check or rule that produced it. */
  check?: string;
  data?: Record<string, unknown>;
}

/** A finding as reports carry it: the raw data plus the catalog's words. */
export interface Finding {
  code: string;
  severity: Severity;
  check?: string;
  message: string;
  remedy: string;
  data: Record<string, unknown>;
}

/** How a catalog describes one code. `message` and `remedy` may depend on the data. */
export interface CodeInfo<D = Record<string, unknown>> {
  severity: Severity;
  title: string;
  message: (data: D) => string;
  remedy: (data: D) => string;
}

export type Catalog = Record<string, CodeInfo<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title?: string;
  status: CheckStatus;
  durationMs: number;
  /** One line of what was seen, for the human report (e.g. "101 in 12 ms"). */
  summary?: string;
}
