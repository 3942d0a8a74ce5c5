#!/usr/bin/env node
// The `wsgate` executable: runs the compiled CLI in dist/ (built by `npm install` via `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('wsgate: dist/ is missing; run `npm run build` (npm install does it for you)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
