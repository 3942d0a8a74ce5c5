/** The doctor's catalog with its translations (catalog.ts in English, catalog.zh-CN.ts in Chinese). */
import { translated } from '../findings/index.js';
import { DOCTOR_CATALOG } from './catalog.js';
import { DOCTOR_CATALOG_ZH } from './catalog.zh-CN.js';

export const DOCTOR_WORDS = translated(DOCTOR_CATALOG, { 'zh-CN': DOCTOR_CATALOG_ZH });
