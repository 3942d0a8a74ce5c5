/** Findings and report renderers shared by `wsgate doctor` and `wsgate lint`. */
export type { Severity, RawFinding, Finding, CodeInfo, Catalog, CheckStatus, CheckResult } from './types.js';
export { describe } from './describe.js';
export { sortFindings, hasErrors } from './severity.js';
export { renderHuman, renderJson, renderChecks, renderFindings, paint } from './render.js';
export type { Report, RenderOptions, Renderer } from './render.js';
