/**
 * Catalogs in more than one language. The English catalog owns each code's severity and
 * words; a translation gives every code a title, message and remedy in another language.
 * `wordedIn` picks the words for a language, so checks and rules never see a language, and
 * codes, severities and data stay the same in every one (docs/i18n.md).
 */
import type { Lang } from '../i18n/index.js';
import type { Catalog, CodeInfo } from './types.js';

type D = Record<string, unknown>;

/** A code's words in one language: what a translation gives (the severity stays English's). */
export type Wording<T = D> = Pick<CodeInfo<T>, 'title' | 'message' | 'remedy'>;

/** Words for every code of a catalog, in one language. */
export type Translation = Record<string, Wording<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A catalog and its translations: one per language other than English. */
export interface TranslatedCatalog {
  readonly en: Catalog;
  readonly translations: { readonly [L in Exclude<Lang, 'en'>]: Translation };
}

/**
 * Pairs an English catalog with its translations.
 *
 * @example
 * export const LINT_WORDS = translated(LINT_CATALOG, { 'zh-CN': LINT_CATALOG_ZH });
 */
export function translated(en: Catalog, translations: TranslatedCatalog['translations']): TranslatedCatalog {
  return { en, translations };
}

/**
 * The catalog with the words of `lang`. A code a translation lacks keeps its English words
 * (the catalog test makes sure none does).
 */
export function wordedIn(catalog: TranslatedCatalog, lang: Lang): Catalog {
  if (lang === 'en') return catalog.en;
  const words = catalog.translations[lang];
  const out: Catalog = {};
  for (const [code, info] of Object.entries(catalog.en)) {
    const w = words[code];
    out[code] = w ? { severity: info.severity, title: w.title, message: w.message, remedy: w.remedy } : info;
  }
  return out;
}
