// Builds the browser bundle of `wsgate/client`: one minified ES module with no imports,
// dist/client/wsgate-client.min.js (used by the web console and the browser tests).
//   node scripts/build-client.mjs
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BROWSER_BUNDLE = `${root}dist/client/wsgate-client.min.js`;

await build({
  entryPoints: [`${root}src/client/index.ts`],
  outfile: BROWSER_BUNDLE,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`built ${BROWSER_BUNDLE}`);
