// The browser entries' size budgets, checked in CI through the same script a developer runs
// (`node scripts/client-size.mjs [client|socket]`): min + gzip of the esbuild bundle at most
// 5,000 B for `wsgate/client` (docs/client.md) and 2,500 B for `wsgate/socket` (docs/socket.md;
// partysocket's WebSocket is 2.7 KB, reconnecting-websocket 3.1 KB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/client-size.mjs', import.meta.url));

for (const [entry, budget] of [['client', 5000], ['socket', 2500]] as const) {
  test(`wsgate/${entry} is at most ${budget.toLocaleString('en')} B minified + gzipped`, () => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [script, entry, '--json'], { encoding: 'utf8' });
    } catch (err) {
      assert.fail(`over budget: ${(err as { stdout?: string }).stdout ?? String(err)}`);
    }
    const r = JSON.parse(out) as { gzipped: number; minified: number; budget: number; ok: boolean };
    console.log(`# wsgate/${entry}: ${r.gzipped} B min+gzip, ${r.minified} B minified (budget ${r.budget} B)`);
    assert.equal(r.budget, budget);
    assert.ok(r.gzipped <= r.budget, `${r.gzipped} B > ${r.budget} B`);
    assert.ok(r.gzipped > 1000, 'the bundle is suspiciously small: is the entry empty?');
  });
}
