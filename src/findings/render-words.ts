/** The words of the shared human renderer, in every language (docs/i18n.md). */
import type { Lang, Words } from '../i18n/index.js';
import type { Severity } from './types.js';

export interface RenderWords {
  severity: Record<Severity, string>;
  noProblems: string;
  /** The verdict line: "OK: 0 errors, 1 warning, 2 info". */
  verdict(ok: boolean, counts: Record<Severity, number>): string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const RENDER_WORDS: Words<RenderWords> = {
  en: {
    severity: { error: 'error', warning: 'warning', info: 'info' },
    noProblems: 'no problems found',
    verdict: (ok, c) => `${ok ? 'OK' : 'FAIL'}: ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`,
  },
  'zh-CN': {
    severity: { error: '错误', warning: '警告', info: '提示' },
    noProblems: '未发现问题',
    verdict: (ok, c) => `${ok ? '通过' : '失败'}：${c.error} 个错误，${c.warning} 个警告，${c.info} 条提示`,
  },
};

export const renderWords = (lang: Lang | undefined): RenderWords => RENDER_WORDS[lang ?? 'en'];
