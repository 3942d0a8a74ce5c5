/** Findings and report renderers shared by `wsgate doctor` and `wsgate lint`. */
export type { Severity, RawFinding, Finding, CodeInfo, Catalog, CheckStatus, CheckResult } from './types.js';
export { describe } from './describe.js';
export { sortFindings, hasErrors } from './severity.js';
export { translated, wordedIn } from './languages.js';
export type { Wording, Translation, TranslatedCatalog } from './languages.js';
export { renderHuman, renderJson, renderChecks, renderFindings, paint, displayWidth, padDisplay } from './render.js';
export type { Report, RenderOptions, Renderer } from './render.js';
