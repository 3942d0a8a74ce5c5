// docs/doctor.md must list every finding code the doctor can produce, with its meaning and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DOCTOR_CODES } from './catalog.js';
import { CHECKS } from './checks/index.js';

const doc = readFileSync(new URL('../../docs/doctor.md', import.meta.url), 'utf8');

test('docs/doctor.md has a row for every finding code and every check', () => {
  assert.deepEqual(DOCTOR_CODES.filter((c) => !doc.includes(`| \`${c}\` |`)), []);
  assert.deepEqual(CHECKS.map((c) => c.id).filter((id) => !doc.includes(`| \`${id}\` |`)), []);
});
