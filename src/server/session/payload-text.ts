/**
 * The text of a publish frame's `data`, cut out of the frame the client sent, so the payload is
 * validated once (parseClientFrame) and forwarded as the client wrote it, never serialised
 * again (broker/message-body.ts; docs/server.md, performance notes). Called only on text that
 * `JSON.parse` accepted, so only the member's place is in question, not the syntax.
 *
 * Found when `data` is the frame's last top-level member (the SDK and most clients write it
 * so); anything else returns undefined and the payload is serialised from the parsed value.
 */

const KEY = '"data":';

/** Index just past a JSON string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the JSON value starting at `at` (valid JSON assumed), or -1. */
function valueEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 34) return stringEnd(text, at); // "
  if (c === 123 || c === 91) {
    // { or [: balance brackets, skipping strings whole
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 34) {
        i = stringEnd(text, i) - 1;
        if (i < 0) return -1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      }
    }
    return -1;
  }
  // a number, true, false or null: up to the next delimiter
  let i = at;
  while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * True when `at` is in the top-level object of `text` (valid JSON), outside any string: what
 * comes before it, strings skipped whole, opens exactly one more brace or bracket than it closes.
 */
function atTopLevel(text: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i) - 1;
      if (i < 0 || i >= at) return false; // `at` is inside this string
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth === 1;
}

/**
 * `data`'s JSON text in a publish frame that `JSON.parse` accepted, or undefined when `data`
 * is not plainly its last top-level member.
 * @example publishDataText('{"type":"publish","id":1,"channel":"a","data":{"t":"hi"}}') // '{"t":"hi"}'
 */
export function publishDataText(text: string): string | undefined {
  const key = text.indexOf(KEY);
  if (key < 0) return undefined;
  // Top level: what comes before the key must be a whole object once closed (an earlier nested
  // object or a string holding the key would leave it open).
  let head = key - 1;
  while (head >= 0 && isSpace(text.charCodeAt(head))) head--;
  const before = text.charCodeAt(head);
  if (before !== 44 && before !== 123) return undefined; // , or {
  if (!atTopLevel(text, key)) return undefined;
  let start = key + KEY.length;
  while (isSpace(text.charCodeAt(start))) start++;
  const end = valueEnd(text, start);
  if (end < 0) return undefined;
  let tail = end;
  while (isSpace(text.charCodeAt(tail))) tail++;
  // the last member: only the object's closing brace (and spaces) may follow
  if (text.charCodeAt(tail) !== 125) return undefined;
  for (let i = tail + 1; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return undefined;
  return text.slice(start, end);
}
