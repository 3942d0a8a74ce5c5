// docs/logs.md must list every finding code `wsgate logs` can produce, with its meaning and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LOGS_CODES } from './catalog.js';

const doc = readFileSync(new URL('../../docs/logs.md', import.meta.url), 'utf8');

test('docs/logs.md has a row for every finding code', () => {
  assert.deepEqual(LOGS_CODES.filter((c) => !doc.includes(`| \`${c}\` |`)), []);
});
