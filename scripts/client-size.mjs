// The size budgets of the browser entries: the minified + gzipped entry, bundled by esbuild,
// must stay within its budget, read strictly in bytes (5 KB = 5,000 B, not 5,120 B):
// `wsgate/client` 6,000 B (with the SSE fallback) and `wsgate/client/websocket` 5,000 B
// (docs/client.md "Size"), `wsgate/socket` 2,500 B (docs/socket.md). Prints the size; exits 1
// when over budget.
//   node scripts/client-size.mjs                    → "wsgate/client: 5801 B min+gzip (14400 B minified; budget 6000 B)"
//   node scripts/client-size.mjs client/websocket   → the WebSocket-only entry
//   node scripts/client-size.mjs socket --json      → {"entry":"wsgate/socket","minified":…,"gzipped":…,"budget":2500,"ok":true}
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Entry name → its source and budget. */
export const ENTRIES = {
  client: { file: 'client/index.ts', budget: 6000 },
  'client/websocket': { file: 'client/websocket.ts', budget: 5000 },
  socket: { file: 'socket/index.ts', budget: 2500 },
};
export const BUDGETS = Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, v.budget]));
export const BUDGET = BUDGETS.client;

/** Bundles an entry the way a browser app would get it and measures it. */
export async function measureEntry(name = 'client') {
  const spec = ENTRIES[name];
  if (!spec) throw new Error(`unknown entry "${name}" (one of: ${Object.keys(ENTRIES).join(', ')})`);
  const entry = fileURLToPath(new URL(`../src/${spec.file}`, import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  return { entry: `wsgate/${name}`, minified: code.length, gzipped, budget: spec.budget, ok: gzipped <= spec.budget };
}

export const measureClient = () => measureEntry('client');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await measureEntry(process.argv.slice(2).find((a) => !a.startsWith('--')));
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else console.log(`${r.entry}: ${r.gzipped} B min+gzip (${r.minified} B minified; budget ${r.budget} B)${r.ok ? '' : ' — OVER BUDGET'}`);
  process.exit(r.ok ? 0 : 1);
}
