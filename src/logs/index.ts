/**
 * `wsgate logs`: reads ingress-nginx (upstreaminfo), nginx (combined) and wsgate's JSON logs,
 * line by line in bounded memory, and reports what cuts or refuses WebSocket sessions, as
 * findings with counts, example lines and remedies (docs/logs.md).
 */
export { readSources, findingsOf } from './analyze.js';
export type { AnalyzeOptions, ReadProgress } from './analyze.js';
export { listSources } from './inputs.js';
export type { LogSource } from './inputs.js';
export { FORMATS, parseLine } from './parsers/index.js';
export type { FormatChoice } from './parsers/index.js';
export { LOGS_CATALOG, LOGS_CODES } from './catalog.js';
export { summarize } from './summary.js';
export type { LogsSummary } from './summary.js';
export { renderLogsHuman, renderHistogram } from './render.js';
export type { LogsReport } from './render.js';
export { LOGS_WORDS } from './words.js';
export type { LogsWords } from './words.js';
export { LOGS_CATALOG_ZH, LOGS_WORDS_ZH } from './catalog.zh-CN.js';
export { LOGS_TRANSLATED, LOGS_REPORT_WORDS, logsWords } from './catalog-languages.js';
