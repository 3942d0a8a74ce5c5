/** The logs catalog and report words with their translations (English beside Chinese). */
import { translated } from '../findings/index.js';
import type { Lang, Words } from '../i18n/index.js';
import { LOGS_CATALOG } from './catalog.js';
import { LOGS_CATALOG_ZH, LOGS_WORDS_ZH } from './catalog.zh-CN.js';
import { LOGS_WORDS, type LogsWords } from './words.js';

export const LOGS_TRANSLATED = translated(LOGS_CATALOG, { 'zh-CN': LOGS_CATALOG_ZH });

export const LOGS_REPORT_WORDS: Words<LogsWords> = { en: LOGS_WORDS, 'zh-CN': LOGS_WORDS_ZH };

export const logsWords = (lang: Lang | undefined): LogsWords => LOGS_REPORT_WORDS[lang ?? 'en'];
