/**
 * `wsgate/doctor`: diagnose a WebSocket URL along its whole path (DNS, TCP, TLS, the upgrade,
 * the CDN, the app, auth, the idle cut) and say what to change. Checks are data; all I/O comes
 * through a `DoctorIO` (real: `nodeIO()`; fakes in tests).
 */
export { runDoctor, runPath } from './run.js';
export { CHECKS } from './checks/index.js';
export { DOCTOR_CATALOG, DOCTOR_CODES } from './catalog.js';
export { DOCTOR_CATALOG_ZH } from './catalog.zh-CN.js';
export { DOCTOR_WORDS } from './catalog-languages.js';
export { localizeDoctorReport } from './localize.js';
export { CHECK_TITLES_ZH, CHECKLIST_TITLES_ZH, HOP_LABELS_ZH, DOCTOR_RENDER_WORDS } from './words.js';
export { detectCdn, isCloudflareAddress } from './cdn.js';
export { detectProxy, cdnFromHeaders, cdnHeaderMatches, rejectionCause, remedyFor, explainPathFinding, PATH_FINDINGS } from '../knowledge/index.js';
export { planPaths, parseTargetUrl, DoctorUrlError } from './plan.js';
export { nodeIO } from './context/node.js';
export { renderDoctorHuman, formatProgress, formatCountdown } from './render.js';
export type {
  DoctorOptions,
  DoctorReport,
  DoctorIO,
  ResolveEntry,
  Check,
  CheckContext,
  CheckOutcome,
  ChecklistItem,
  CdnInfo,
  CdnProvider,
  ProxyKind,
  ProgressEvent,
} from './types.js';
export { buildBundle, renderBundleHtml, renderBundleMarkdown } from './bundle/index.js';
export type { Bundle, BundleMeta } from './bundle/index.js';
export { secretsOf, redactText } from './redact.js';
