/**
 * Finding words (src/knowledge/path-findings.ts) mark commands and config lines with backticks;
 * this splits such text into plain and code parts so the console can show the code as code.
 */

export interface TextPart {
  text: string;
  code: boolean;
}

/**
 * @example
 * splitCode('run `nslookup x` now') // [{text:'run ',code:false},{text:'nslookup x',code:true},{text:' now',code:false}]
 */
export function splitCode(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const re = /`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), code: false });
    parts.push({ text: m[1]!, code: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}
