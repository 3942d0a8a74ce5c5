/**
 * What is known about the path between a WebSocket client and its server: which CDNs and
 * proxies there are and how to recognise them, what each one's idle limit is, what to change
 * on each, and the findings a client can observe there, worded once. Used by `wsgate doctor`
 * and the web console alike (docs/facts.md has the sources). Runs in browsers and Node.
 */
export type { CdnProvider, ProxyKind, PathKind } from './hops.js';
export { remedyFor, REMEDY_WORDS } from './remedies.js';
export type { RemedyTopic, RemedyWords } from './remedies.js';
export { REMEDY_WORDS_ZH, CDN_NAMES_ZH } from './remedies.zh-CN.js';
export { cdnHeaderMatches, cdnFromHeaders, detectProxy } from './fingerprints.js';
export type { CdnHeaderMatch } from './fingerprints.js';
export { rejectionCause } from './rejection.js';
export { hopsWithLimitNear, tightestKnownLimit } from './idle-limits.js';
export type { KnownLimit } from './idle-limits.js';
export { KNOWN_LIMITS_ZH } from './idle-limits.zh-CN.js';
export { PATH_FINDINGS, explainPathFinding, dataText, formatSeconds, pathKindOf } from './path-findings.js';
export type { PathFindingCode, PathFindingTable } from './path-findings.js';
export { PATH_FINDINGS_ZH } from './path-findings.zh-CN.js';
