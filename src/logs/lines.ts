/**
 * Lines from a byte stream, in bounded memory: a line longer than `maxBytes` is skipped (and
 * reported as too long) instead of being held whole, so a 1 GB log with no newline cannot
 * exhaust memory. Handles LF and CRLF; decodes UTF-8 per line.
 */

export interface Line {
  /** 1-based line number in its input. */
  number: number;
  /** The text, or null when the line was longer than the limit. */
  text: string | null;
}

const NL = 0x0a;

/**
 * @example for await (const l of readLines(createReadStream('access.log'))) …
 */
export async function* readLines(stream: AsyncIterable<Buffer | string>, maxBytes = 64 * 1024, onBytes?: (n: number) => void): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let number = 0;
  const emit = (tail: Buffer): Line => {
    number++;
    if (overflow) {
      overflow = false;
      pending = [];
      pendingBytes = 0;
      return { number, text: null };
    }
    const buf = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
    return { number, text: buf.toString('utf8', 0, end) };
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes?.(buf.length);
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      if (!overflow && pendingBytes + (nl - start) > maxBytes) overflow = true;
      yield emit(overflow ? Buffer.alloc(0) : buf.subarray(start, nl));
      start = nl + 1;
    }
    if (start < buf.length && !overflow) {
      pendingBytes += buf.length - start;
      if (pendingBytes > maxBytes) {
        overflow = true;
        pending = [];
      } else pending.push(Buffer.from(buf.subarray(start)));
    }
  }
  if (pendingBytes > 0 || overflow) yield emit(Buffer.alloc(0));
}
