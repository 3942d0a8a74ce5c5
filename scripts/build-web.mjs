// Builds the web console (src/web/) into dist/web/: index.html and diagnose.html plus
// content-hashed assets under assets/, which `wsgate serve` serves at `/` and `/diagnose`
// (HTML no-cache, assets immutable).
// Asset URLs are relative (./assets/…), so the console works under any path prefix.
//   node scripts/build-web.mjs            (also run by `npm run build`)
//   import { buildWeb } from './build-web.mjs'; await buildWeb({ outdir })
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WEB_OUTDIR = join(root, 'dist', 'web');

/** Builds the console; returns the files written (relative to outdir) with their sizes. */
export async function buildWeb({ outdir = WEB_OUTDIR, minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const assets = join(outdir, 'assets');
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { app: join(root, 'src', 'web', 'main.ts'), diagnose: join(root, 'src', 'web', 'diagnose.ts') },
    outdir: assets,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    minify,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => join(root, p));
  const rel = (p) => `./${relative(outdir, p).split('\\').join('/')}`;
  const pages = [
    ['app', 'index.html'],
    ['diagnose', 'diagnose.html'],
  ];
  for (const [entry, page] of pages) {
    const js = outputs.find((p) => basename(p).startsWith(`${entry}-`) && p.endsWith('.js'));
    const css = outputs.find((p) => basename(p).startsWith(`${entry}-`) && p.endsWith('.css'));
    if (!js || !css) throw new Error(`build-web: expected one .js and one .css for ${entry}, got ${outputs.map((p) => basename(p)).join(', ')}`);
    const template = readFileSync(join(root, 'src', 'web', page), 'utf8');
    if (!template.includes('<!--STYLES-->') || !template.includes('<!--SCRIPTS-->')) throw new Error(`build-web: src/web/${page} lost its <!--STYLES--> or <!--SCRIPTS--> marker`);
    const html = template
      .replace('<!--STYLES-->', `<link rel="stylesheet" href="${rel(css)}">`)
      .replace('<!--SCRIPTS-->', `<script type="module" src="${rel(js)}"></script>`);
    writeFileSync(join(outdir, page), html);
  }
  return [join(outdir, 'index.html'), join(outdir, 'diagnose.html'), ...outputs].map((p) => ({ file: relative(outdir, p), bytes: readFileSync(p).length }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await buildWeb();
  for (const f of files) console.log(`  dist/web/${f.file}  ${(f.bytes / 1024).toFixed(1)} KB`);
}
