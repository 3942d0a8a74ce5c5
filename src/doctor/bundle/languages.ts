/** The support bundle's words in every language (words.ts in English, words.zh-CN.ts in Chinese). */
import type { Lang, Words } from '../../i18n/index.js';
import { BUNDLE_WORDS, type BundleWords } from './words.js';
import { BUNDLE_WORDS_ZH } from './words.zh-CN.js';

export const BUNDLE_LANGS: Words<BundleWords> = { en: BUNDLE_WORDS, 'zh-CN': BUNDLE_WORDS_ZH };

export const bundleWords = (lang: Lang | undefined): BundleWords => BUNDLE_LANGS[lang ?? 'en'];
