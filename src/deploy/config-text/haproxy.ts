/**
 * A tiny builder for haproxy.cfg: sections (`global`, `defaults`, `frontend x`, `backend y`)
 * holding keyword lines. HAProxy has no blocks, only sections, so this is a list of lists.
 */

export type SectionKind = 'global' | 'defaults' | 'frontend' | 'backend' | 'listen';

export interface HaproxyLine {
  words: string[];
  /** A trailing `# …` comment explaining why the line is there. */
  why?: string;
}

export interface HaproxySection {
  kind: SectionKind;
  name?: string;
  comment?: string;
  lines: HaproxyLine[];
}

export const line = (words: string | string[], why?: string): HaproxyLine => {
  const l: HaproxyLine = { words: typeof words === 'string' ? words.split(' ') : words };
  if (why !== undefined) l.why = why;
  return l;
};

function word(w: string): string {
  if (w !== '' && !/[\s#"'\\]/.test(w)) return w;
  return `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Prints the sections; the file ends with a newline (HAProxy rejects one without). */
export function printHaproxy(sections: readonly HaproxySection[], header?: string): string {
  const out: string[] = [];
  if (header) for (const l of header.split('\n')) out.push(`# ${l}`.trimEnd());
  for (const s of sections) {
    if (out.length) out.push('');
    if (s.comment) for (const l of s.comment.split('\n')) out.push(`# ${l}`.trimEnd());
    out.push(s.name ? `${s.kind} ${s.name}` : s.kind);
    const width = Math.max(0, ...s.lines.map((l) => l.words.map(word).join(' ').length));
    for (const l of s.lines) {
      const text = l.words.map(word).join(' ');
      out.push(l.why ? `    ${text.padEnd(width)}  # ${l.why}` : `    ${text}`);
    }
  }
  return out.join('\n') + '\n';
}
