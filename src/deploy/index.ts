/**
 * `wsgate/deploy`: configuration generators (`generate(target, options)`) for Kubernetes,
 * nginx, HAProxy, Caddy, Spring Cloud Gateway and DNS, and the config linter (`lintTexts`).
 */
export { generate, TARGETS, TARGET_NAMES, UnknownTargetError } from './generators/index.js';
export type { GeneratedFile, Target } from './generators/index.js';
export { resolveOptions, DEFAULTS, DeployOptionError, durationText } from './options.js';
export { DEPLOY_COMMENTS } from './generators/comments.js';
export type { DeployComments } from './generators/comments.js';
export type { DeployOptions, HostPort } from './options.js';
export { lintTexts, describeLintFindings } from './lint/lint.js';
export type { LintInput } from './lint/lint.js';
export { readInputs, nodeFs } from './lint/inputs.js';
export type { InputFs } from './lint/inputs.js';
export { LINT_CATALOG, UNREADABLE_CODES } from './lint/catalog.js';
export { LINT_CATALOG_ZH } from './lint/catalog.zh-CN.js';
export { LINT_WORDS } from './lint/catalog-languages.js';
export { RULES } from './lint/rules/index.js';
export type { LintRule, LintDoc, Format } from './lint/types.js';
