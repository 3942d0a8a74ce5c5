/**
 * The console's language: chosen from the browser's languages (`navigator.languages`), or by
 * the switch in the top bar (kept in localStorage). Views read `words()` each time they
 * render and redraw on `onLangChange`; static text in index.html carries `data-i18n` keys.
 */
import { LANGS, isLang, langFromList, type Lang } from '../../i18n/index.js';
import { EN } from './en.js';
import type { ConsoleWords, PageKey } from './types.js';
import { ZH_CN } from './zh-CN.js';

export type { ConsoleWords, PageKey } from './types.js';

export const CONSOLE_WORDS: Readonly<Record<Lang, ConsoleWords>> = { en: EN, 'zh-CN': ZH_CN };

const STORAGE_KEY = 'wsgate.lang';
let current: Lang = 'en';
const listeners = new Set<(lang: Lang) => void>();

/** The language a saved choice or the browser's preferences pick. */
export function initialLang(saved: string | null, languages: readonly string[]): Lang {
  return saved && isLang(saved) ? saved : langFromList(languages);
}

export function lang(): Lang {
  return current;
}

export function words(): ConsoleWords {
  return CONSOLE_WORDS[current];
}

export function onLangChange(fn: (lang: Lang) => void): void {
  listeners.add(fn);
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Switches the language, remembers the choice, and redraws the page and every view. */
export function setLang(next: Lang, remember = true): void {
  current = next;
  if (remember) storage()?.setItem(STORAGE_KEY, next);
  applyPage(document);
  for (const fn of listeners) fn(next);
}

/** Picks the language at start-up (saved choice, else the browser's) and wires the switch. */
export function startLang(select: HTMLSelectElement | null): void {
  current = initialLang(storage()?.getItem(STORAGE_KEY) ?? null, navigator.languages?.length ? navigator.languages : [navigator.language]);
  if (select) {
    select.replaceChildren(...LANGS.map((l) => Object.assign(document.createElement('option'), { value: l, textContent: CONSOLE_WORDS[l].self, lang: l })));
    select.value = current;
    select.addEventListener('change', () => isLang(select.value) && setLang(select.value));
    onLangChange((l) => (select.value = l));
  }
  applyPage(document);
}

/** Text with backtick spans as <code>, as text nodes (never innerHTML). */
function richNodes(doc: Document, text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 ? Object.assign(doc.createElement('code'), { textContent: part }) : doc.createTextNode(part)));
}

/**
 * Fills index.html's static text: `data-i18n` (text, backticks as code), and
 * `data-i18n-placeholder`, `data-i18n-title`, `data-i18n-aria-label` (attributes).
 */
export function applyPage(doc: Document): void {
  const w = words().page;
  doc.documentElement.lang = current;
  doc.title = w.title;
  for (const el of doc.querySelectorAll<HTMLElement>('[data-i18n]')) el.replaceChildren(...richNodes(doc, w[el.dataset.i18n as PageKey] ?? el.textContent ?? ''));
  for (const attr of ['placeholder', 'title', 'aria-label'] as const) {
    for (const el of doc.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`)) {
      const key = el.getAttribute(`data-i18n-${attr}`) as PageKey;
      if (w[key] !== undefined) el.setAttribute(attr, w[key]);
    }
  }
}
