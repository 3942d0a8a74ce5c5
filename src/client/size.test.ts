// The client's size budget (docs/client.md "Size"): min + gzip of the esbuild bundle ≤ 5 KB (5,000 B), checked in CI
// through the same script a developer runs (`node scripts/client-size.mjs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('wsgate/client is at most 5 KB (5,000 B) minified + gzipped', () => {
  const script = fileURLToPath(new URL('../../scripts/client-size.mjs', import.meta.url));
  let out: string;
  try {
    out = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`over budget: ${(err as { stdout?: string }).stdout ?? String(err)}`);
  }
  const r = JSON.parse(out) as { gzipped: number; minified: number; budget: number; ok: boolean };
  console.log(`# wsgate/client: ${r.gzipped} B min+gzip, ${r.minified} B minified (budget ${r.budget} B)`);
  assert.equal(r.budget, 5000);
  assert.ok(r.gzipped <= r.budget, `${r.gzipped} B > ${r.budget} B`);
  assert.ok(r.gzipped > 1000, 'the bundle is suspiciously small: is the entry empty?');
});
