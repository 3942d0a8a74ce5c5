/** The lint catalog with its translations (catalog.ts in English, catalog.zh-CN.ts in Chinese). */
import { translated } from '../../findings/index.js';
import { LINT_CATALOG } from './catalog.js';
import { LINT_CATALOG_ZH } from './catalog.zh-CN.js';

export const LINT_WORDS = translated(LINT_CATALOG, { 'zh-CN': LINT_CATALOG_ZH });
