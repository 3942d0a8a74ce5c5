/**
 * Word tables: one table per language with the same keys, so a missing word is a type error
 * where it can be, and a test failure (`missingWords`) where tables are built at run time.
 */
import { LANGS, type Lang } from './lang.js';

/** One table per language; every table has the keys of the English one. */
export type Words<T extends object> = { readonly [L in Lang]: T };

/**
 * Keys one language has and another lacks, as `lang: key` strings (empty when complete).
 *
 * @example
 * missingWords({ en: { a: 1, b: 2 }, 'zh-CN': { a: 1 } }) // ['zh-CN: b']
 */
export function missingWords(tables: { readonly [L in Lang]?: object }): string[] {
  const all = new Set<string>();
  for (const lang of LANGS) for (const key of Object.keys(tables[lang] ?? {})) all.add(key);
  const missing: string[] = [];
  for (const lang of LANGS) {
    const table = tables[lang] ?? {};
    for (const key of all) if (!(key in table)) missing.push(`${lang}: ${key}`);
  }
  return missing;
}

/** Holds CJK ideographs: the test that a zh-CN word is Chinese, not English left in place. */
export const hasChinese = (text: string): boolean => /[\u3400-\u9fff]/.test(text);
