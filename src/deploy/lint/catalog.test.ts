import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LINT_CATALOG } from './catalog.js';

const doc = readFileSync(new URL('../../../docs/lint.md', import.meta.url), 'utf8');

test('docs/lint.md documents every lint code, with the catalog’s severity', () => {
  for (const [code, info] of Object.entries(LINT_CATALOG)) {
    assert.ok(new RegExp(`^### \`${code}\``, 'm').test(doc), `${code} has a section`);
    assert.ok(new RegExp(`^\\| \`${code}\` \\| ${info.severity}`, 'm').test(doc), `${code} is in the table as ${info.severity}`);
  }
});

test('every code words itself from minimal data without throwing', () => {
  for (const [code, info] of Object.entries(LINT_CATALOG)) {
    const data = { file: 'f', line: 1, missing: ['Upgrade'], tlsHosts: [] };
    assert.ok(info.message(data).length > 0, code);
    assert.ok(info.remedy(data).length > 0, code);
  }
});
