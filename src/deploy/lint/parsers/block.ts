/**
 * Parsers for block-structured configs into `ConfigDirective` trees with line numbers:
 * nginx.conf (`name args;` and `name args { … }`, `#` comments, quotes) and the Caddyfile
 * (one directive per line, a trailing `{` opens a block, `}` alone closes it; `{placeholder}`
 * is a word).
 */
import { ConfigSyntaxError, type ConfigDirective } from '../types.js';

interface Token {
  text: string;
  line: number;
  /** A quoted word (never a brace or `;`). */
  quoted: boolean;
  /** First token on its line (Caddyfile). */
  lineStart: boolean;
}

function tokenize(text: string, caddy: boolean): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const startLine = line;
    if (c === '"' || c === "'" || (caddy && c === '`')) {
      const quote = c;
      let value = '';
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && i + 1 < text.length && quote !== '`') {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '\n') line++;
        value += text[i++];
      }
      if (i >= text.length) throw new ConfigSyntaxError(`unterminated ${quote} string`, startLine);
      i++;
      tokens.push({ text: value, line: startLine, quoted: true, lineStart });
      lineStart = false;
      continue;
    }
    if (!caddy && (c === '{' || c === '}' || c === ';')) {
      tokens.push({ text: c, line, quoted: false, lineStart });
      lineStart = false;
      i++;
      continue;
    }
    let word = '';
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      if (!caddy && (ch === '{' || ch === '}' || ch === ';')) {
        // `${var}` stays in the word; a bare brace or `;` ends it.
        if (ch === '{' && word.endsWith('$')) {
          const close = text.indexOf('}', i);
          if (close > 0) {
            word += text.slice(i, close + 1);
            i = close + 1;
            continue;
          }
        }
        break;
      }
      word += ch;
      i++;
    }
    tokens.push({ text: word, line, quoted: false, lineStart });
    lineStart = false;
  }
  return tokens;
}

/** Parses nginx configuration text. Throws ConfigSyntaxError with the line. */
export function parseNginx(text: string): ConfigDirective[] {
  const tokens = tokenize(text, false);
  let pos = 0;
  function block(depth: number, openLine: number): ConfigDirective[] {
    const out: ConfigDirective[] = [];
    let current: ConfigDirective | undefined;
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if (!t.quoted && t.text === '}') {
        if (current) throw new ConfigSyntaxError(`"${current.name}" is missing its ";"`, current.line);
        if (depth === 0) throw new ConfigSyntaxError('unexpected "}"', t.line);
        return out;
      }
      if (!t.quoted && t.text === ';') {
        if (!current) throw new ConfigSyntaxError('unexpected ";"', t.line);
        out.push(current);
        current = undefined;
        continue;
      }
      if (!t.quoted && t.text === '{') {
        if (!current) throw new ConfigSyntaxError('unexpected "{"', t.line);
        current.block = block(depth + 1, t.line);
        out.push(current);
        current = undefined;
        continue;
      }
      if (current) current.args.push(t.text);
      else current = { name: t.text, args: [], line: t.line };
    }
    if (current) throw new ConfigSyntaxError(`"${current.name}" is missing its ";"`, current.line);
    if (depth > 0) throw new ConfigSyntaxError('a "{" opened here is never closed', openLine);
    return out;
  }
  return block(0, 1);
}

/** Parses a Caddyfile. Throws ConfigSyntaxError with the line. */
export function parseCaddyfile(text: string): ConfigDirective[] {
  const tokens = tokenize(text, true);
  let pos = 0;
  function block(depth: number, openLine: number): ConfigDirective[] {
    const out: ConfigDirective[] = [];
    while (pos < tokens.length) {
      const first = tokens[pos]!;
      if (!first.quoted && first.text === '}' && first.lineStart) {
        pos++;
        if (depth === 0) throw new ConfigSyntaxError('unexpected "}"', first.line);
        return out;
      }
      const words: Token[] = [];
      const line = first.line;
      while (pos < tokens.length && tokens[pos]!.line === line && (words.length === 0 || !tokens[pos]!.lineStart)) words.push(tokens[pos++]!);
      const last = words[words.length - 1]!;
      const opens = !last.quoted && last.text === '{';
      const parts = opens ? words.slice(0, -1) : words;
      if (parts.length === 0) {
        // A lone `{` opens the global options block (or a site block on the next line).
        out.push({ name: '', args: [], line, block: block(depth + 1, line) });
        continue;
      }
      const directive: ConfigDirective = { name: parts[0]!.text, args: parts.slice(1).map((t) => t.text), line };
      if (opens) directive.block = block(depth + 1, line);
      out.push(directive);
    }
    if (depth > 0) throw new ConfigSyntaxError('a "{" opened here is never closed', openLine);
    return out;
  }
  return block(0, 1);
}
