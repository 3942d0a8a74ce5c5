// Scenario 5: client bundle size. Every client is bundled the same way: esbuild, one entry that
// re-exports the package's public entry, minified, ESM, browser platform, ES2022, then gzip -9.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BundleRow {
  name: string;
  /** What the entry imports. */
  entry: string;
  version: string;
  minified: number;
  gzipped: number;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function versionOf(pkg: string): string {
  try {
    const file = pkg === '.' ? `${root}package.json` : `${root}node_modules/${pkg}/package.json`;
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const CLIENTS: Array<{ name: string; entry: string; pkg: string; code: string }> = [
  { name: 'wsgate/client', entry: 'wsgate/client (src/client/index.ts, every export)', pkg: '.', code: `export * from ${JSON.stringify(`${root}src/client/index.ts`)};` },
  { name: 'wsgate/client/websocket', entry: 'wsgate/client/websocket (src/client/websocket.ts, without the SSE fallback)', pkg: '.', code: `export * from ${JSON.stringify(`${root}src/client/websocket.ts`)};` },
  { name: 'wsgate/socket', entry: 'wsgate/socket (src/socket/index.ts, every export)', pkg: '.', code: `export * from ${JSON.stringify(`${root}src/socket/index.ts`)};` },
  { name: 'reconnecting-websocket', entry: 'reconnecting-websocket (default export)', pkg: 'reconnecting-websocket', code: `export { default } from 'reconnecting-websocket';` },
  { name: 'partysocket/ws', entry: 'partysocket/ws (its reconnecting WebSocket)', pkg: 'partysocket', code: `export * from 'partysocket/ws'; export { default } from 'partysocket/ws';` },
  { name: 'partysocket', entry: 'partysocket (main entry)', pkg: 'partysocket', code: `export * from 'partysocket'; export { default } from 'partysocket';` },
  { name: 'socket.io-client', entry: 'socket.io-client (main entry)', pkg: 'socket.io-client', code: `export * from 'socket.io-client'; export { default } from 'socket.io-client';` },
];

export async function measureBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const c of CLIENTS) {
    const out = await build({
      stdin: { contents: c.code, resolveDir: root, loader: 'ts', sourcefile: `${c.name}-entry.ts` },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      // No tsconfig override: esbuild reads tsconfig.json (target ES2022, so class fields keep
      // their define semantics), as scripts/client-size.mjs does. Forcing
      // useDefineForClassFields: false here read wsgate/client 65 B larger than the budget test.
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.contents;
    rows.push({
      name: c.name,
      entry: c.entry,
      version: versionOf(c.pkg),
      minified: code.length,
      gzipped: gzipSync(code, { level: 9 }).length,
    });
  }
  return rows;
}
