/** haproxy.cfg into sections of keyword lines, each with its line number. */
import type { HaproxySection } from '../types.js';

const SECTION_KINDS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen']);
const OTHER_SECTIONS = new Set(['resolvers', 'peers', 'userlist', 'cache', 'program', 'ring', 'mailers', 'http-errors', 'fcgi-app', 'crt-store', 'traces']);

function words(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
      continue;
    }
    if (c === '#') break;
    if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (has) out.push(cur);
  return out;
}

export function parseHaproxy(text: string): HaproxySection[] {
  const sections: HaproxySection[] = [];
  let current: HaproxySection | undefined;
  text.split('\n').forEach((raw, i) => {
    const w = words(raw);
    if (w.length === 0) return;
    const line = i + 1;
    const key = w[0]!;
    if (SECTION_KINDS.has(key) || OTHER_SECTIONS.has(key)) {
      current = { kind: SECTION_KINDS.has(key) ? (key as HaproxySection['kind']) : 'other', line, lines: [] };
      if (w[1] !== undefined) current.name = w[1];
      sections.push(current);
      return;
    }
    if (!current) {
      current = { kind: 'other', line, lines: [] };
      sections.push(current);
    }
    current.lines.push({ words: w, line });
  });
  return sections;
}
