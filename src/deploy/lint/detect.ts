/** Which parser reads a file: by its name first, then by what its text looks like. */
import type { Format } from './types.js';

/** By name alone (used when walking directories, where unknown files are skipped). */
export function formatByName(file: string): Format | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  if (/\.(ya?ml|json)$/i.test(base)) return 'yaml';
  if (/^caddyfile(\..*)?$/i.test(base) || /\.caddyfile$/i.test(base)) return 'caddy';
  if (/\.cfg$/i.test(base) || /^haproxy/i.test(base)) return 'haproxy';
  if (/\.conf$/i.test(base) || /^nginx/i.test(base)) return 'nginx';
  return undefined;
}

/** By content, for stdin and files with other names. */
export function formatByContent(text: string): Format | undefined {
  const body = text.replace(/^\s*#.*$/gm, '');
  if (/^\s*(apiVersion|kind)\s*:/m.test(body) || /^\s*[{[]/.test(body) || /^---\s*$/m.test(body)) return 'yaml';
  if (/^\s*(defaults|frontend|backend|listen)(\s|$)/m.test(body) && !/[;{]\s*$/m.test(body)) return 'haproxy';
  if (/;\s*$/m.test(body) && /\b(server|location|http|events|upstream|map)\b[^;\n]*\{/.test(body)) return 'nginx';
  if (/\b(reverse_proxy|file_server|respond|handle|route|encode)\b/.test(body) && !/;\s*$/m.test(body)) return 'caddy';
  if (/^\s*[\w.-]+\s*:(\s|$)/m.test(body)) return 'yaml';
  return undefined;
}

export function detectFormat(file: string, text: string): Format | undefined {
  return formatByName(file) ?? formatByContent(text);
}
