// The client's size budget (docs/client.md "Size"): the minified + gzipped `wsgate/client` entry, bundled by
// esbuild, must stay at most 5 KB, read strictly as 5,000 B (not 5 KiB = 5,120 B). Prints the
// size; exits 1 when over budget.
//   node scripts/client-size.mjs            → "wsgate/client: 4321 B min+gzip (12000 B minified; budget 5000 B)"
//   node scripts/client-size.mjs --json     → {"minified":…,"gzipped":…,"budget":5000,"ok":true}
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET = 5000;
const entry = fileURLToPath(new URL('../src/client/index.ts', import.meta.url));

/** Bundles the client entry the way a browser app would get it and measures it. */
export async function measureClient() {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  return { minified: code.length, gzipped, budget: BUDGET, ok: gzipped <= BUDGET };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await measureClient();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else console.log(`wsgate/client: ${r.gzipped} B min+gzip (${r.minified} B minified; budget ${r.budget} B)${r.ok ? '' : ' — OVER BUDGET'}`);
  process.exit(r.ok ? 0 : 1);
}
