// Lines from a byte stream: LF/CRLF, lines split across chunks, UTF-8 split across chunks, and a
// line over the limit skipped (reported as null) without holding it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLines } from './lines.js';

async function collect(chunks: Array<Buffer | string>, max?: number): Promise<Array<string | null>> {
  const out: Array<string | null> = [];
  async function* gen() {
    yield* chunks;
  }
  for await (const l of readLines(gen(), max)) out.push(l.text);
  return out;
}

test('splits across chunks, strips CR, keeps a last line without newline', async () => {
  assert.deepEqual(await collect(['ab', 'c\r\nde', 'f\n\ng']), ['abc', 'def', '', 'g']);
});

test('a multi-byte character split between chunks decodes whole', async () => {
  const bytes = Buffer.from('连接\n');
  assert.deepEqual(await collect([bytes.subarray(0, 2), bytes.subarray(2)]), ['连接']);
});

test('a line over the limit is skipped as null and the next line reads normally', async () => {
  const long = 'x'.repeat(50);
  assert.deepEqual(await collect([long.slice(0, 20), long.slice(20), '\nok\n', long, long, '\nend'], 40), [null, 'ok', null, 'end']);
});
