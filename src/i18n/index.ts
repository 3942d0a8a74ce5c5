/** Languages: the `Lang` type, how one is chosen (flag, locale, browser), word tables. */
export { LANGS, DEFAULT_LANG, parseLang, isLang, langFromEnv, langFromList } from './lang.js';
export type { Lang } from './lang.js';
export { missingWords, hasChinese } from './words.js';
export type { Words } from './words.js';
