// The client's size budgets (docs/client.md "Size"): the minified + gzipped bundle of each entry, built by esbuild the
// way a browser app gets it, read strictly in bytes (5,000 B, not 5 KiB):
//   wsgate/client            (WebSocket + the SSE fallback)  ≤ 6,000 B
//   wsgate/client/websocket  (WebSocket only)                ≤ 5,000 B
// Prints the sizes; exits 1 when an entry is over its budget.
//   node scripts/client-size.mjs         → one line per entry
//   node scripts/client-size.mjs --json  → [{"entry":"wsgate/client","minified":…,"gzipped":…,"budget":6000,"ok":true}, …]
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ENTRIES = [
  { entry: 'wsgate/client', file: '../src/client/index.ts', budget: 6000 },
  { entry: 'wsgate/client/websocket', file: '../src/client/websocket.ts', budget: 5000 },
];

/** Bundles one client entry the way a browser app would get it and measures it. */
async function measure({ entry, file, budget }) {
  const entryPoint = fileURLToPath(new URL(file, import.meta.url));
  const out = await build({ entryPoints: [entryPoint], bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  return { entry, minified: code.length, gzipped, budget, ok: gzipped <= budget };
}

export async function measureClient() {
  return Promise.all(ENTRIES.map(measure));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rs = await measureClient();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rs));
  else for (const r of rs) console.log(`${r.entry}: ${r.gzipped} B min+gzip (${r.minified} B minified; budget ${r.budget} B)${r.ok ? '' : ' — OVER BUDGET'}`);
  process.exit(rs.every((r) => r.ok) ? 0 : 1);
}
