/**
 * The languages wsgate speaks and how one is chosen: `--lang` on the CLI, else the POSIX
 * locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in that order); in the console, the browser's
 * languages. Codes, JSON fields and exit codes never depend on the language; only words do
 * (docs/i18n.md).
 */

/** Every language with a full set of words. `en` is the fallback. */
export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/**
 * The supported language a language tag or a POSIX locale names, or null.
 * Any Chinese tag (zh, zh-CN, zh_CN.UTF-8, zh-Hans, zh-TW) maps to zh-CN, the one Chinese
 * catalog there is; any English tag to en.
 *
 * @example
 * parseLang('zh_CN.UTF-8') // 'zh-CN'
 * parseLang('en-GB')       // 'en'
 * parseLang('fr_FR')       // null
 */
export function parseLang(value: string | undefined | null): Lang | null {
  if (!value) return null;
  const tag = value.trim().split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase();
  const primary = tag.split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/** True when `value` is exactly one of LANGS (what `--lang` accepts). */
export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/**
 * The language a POSIX environment asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
 * that is set and not empty decides (as setlocale(3) does); "C" and "POSIX" mean English.
 * A locale we have no words for falls back to English.
 *
 * @example
 * langFromEnv({ LANG: 'zh_CN.UTF-8' }) // 'zh-CN'
 * langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }) // 'en'
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value) return parseLang(value) ?? DEFAULT_LANG;
  }
  return DEFAULT_LANG;
}

/**
 * The first of the browser's preferred languages (`navigator.languages`) we have words for.
 *
 * @example
 * langFromList(['zh-CN', 'en-US']) // 'zh-CN'
 * langFromList(['de-DE'])          // 'en'
 */
export function langFromList(languages: readonly string[]): Lang {
  for (const l of languages) {
    const lang = parseLang(l);
    if (lang) return lang;
  }
  return DEFAULT_LANG;
}
