// The client's size budgets (docs/client.md "Size"), checked in CI through the same script a developer runs
// (`node scripts/client-size.mjs`): min + gzip of the esbuild bundle of each entry, the full
// client (WebSocket + SSE fallback) ≤ 6,000 B and the WebSocket-only entry ≤ 5,000 B.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('wsgate/client ≤ 6,000 B and wsgate/client/websocket ≤ 5,000 B minified + gzipped', () => {
  const script = fileURLToPath(new URL('../../scripts/client-size.mjs', import.meta.url));
  let out: string;
  try {
    out = execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`over budget: ${(err as { stdout?: string }).stdout ?? String(err)}`);
  }
  const rs = JSON.parse(out) as Array<{ entry: string; gzipped: number; minified: number; budget: number; ok: boolean }>;
  const budgets = Object.fromEntries(rs.map((r) => [r.entry, r.budget]));
  assert.deepEqual(budgets, { 'wsgate/client': 6000, 'wsgate/client/websocket': 5000 });
  for (const r of rs) {
    console.log(`# ${r.entry}: ${r.gzipped} B min+gzip, ${r.minified} B minified (budget ${r.budget} B)`);
    assert.ok(r.gzipped <= r.budget, `${r.entry}: ${r.gzipped} B > ${r.budget} B`);
    assert.ok(r.gzipped > 1000, `${r.entry}: suspiciously small: is the entry empty?`);
  }
  const [full, wsOnly] = [rs.find((r) => r.entry === 'wsgate/client')!, rs.find((r) => r.entry === 'wsgate/client/websocket')!];
  assert.ok(full.minified > wsOnly.minified, 'the WebSocket-only entry must leave the SSE transport out');
});
