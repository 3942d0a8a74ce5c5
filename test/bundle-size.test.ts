// The browser entries' size budgets, checked in CI through the same script a developer runs
// (`node scripts/client-size.mjs [client|client/websocket|socket]`): min + gzip of the esbuild
// bundle at most 6,000 B for `wsgate/client` (with the SSE fallback), 5,000 B for
// `wsgate/client/websocket` (docs/client.md "Size") and 2,500 B for `wsgate/socket`
// (docs/socket.md; partysocket's WebSocket is 2.7 KB, reconnecting-websocket 3.1 KB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/client-size.mjs', import.meta.url));

/** The script's figures for an entry (it exits 1 when over budget; the figures are printed either way). */
function measure(entry: string): { gzipped: number; minified: number; budget: number; ok: boolean } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [script, entry, '--json'], { encoding: 'utf8' });
  } catch (err) {
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim()) throw err;
  }
  return JSON.parse(out) as { gzipped: number; minified: number; budget: number; ok: boolean };
}

for (const [entry, budget] of [['client', 6000], ['client/websocket', 5000], ['socket', 2500]] as const) {
  test(`wsgate/${entry} is at most ${budget.toLocaleString('en')} B minified + gzipped`, () => {
    const r = measure(entry);
    console.log(`# wsgate/${entry}: ${r.gzipped} B min+gzip, ${r.minified} B minified (budget ${r.budget} B)`);
    assert.equal(r.budget, budget);
    assert.ok(r.gzipped <= r.budget, `${r.gzipped} B > ${r.budget} B`);
    assert.ok(r.gzipped > 1000, 'the bundle is suspiciously small: is the entry empty?');
  });
}

test('the WebSocket-only entry leaves the SSE transport out', () => {
  assert.ok(measure('client').minified > measure('client/websocket').minified);
});
