/**
 * The web console's built files (dist/web/, written by the web build) at `/` and below.
 * `index.html` is revalidated on every load (`no-cache`); hashed files under `/assets/` are
 * immutable for a year. No directory traversal: decoded paths are resolved and must stay
 * inside the root. Without a build, `/` says how to make one. When the WebSocket path is not
 * the default, index.html gets a `<meta name="wsgate-ws">` naming it (relative, so the page
 * still works under a proxy's path prefix).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WS_PATH } from '../protocol/index.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** dist/web/ of this package: the same two levels up from src/server/ (tsx) and dist/server/ (built). */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wsgate</title></head>
<body><h1>wsgate</h1><p>The web console is not built. Run <code>npm run build</code> and reload.</p>
<p>The WebSocket service is running: see <a href="/actuator/health">/actuator/health</a> and <a href="/metrics">/metrics</a>.</p></body></html>
`;

/** The path the console assumes next to its page when told nothing (src/web/endpoints.ts). */
const CONSOLE_DEFAULT_WS_PATH = DEFAULT_WS_PATH;

/** index.html with a meta tag that tells the console where the WebSocket path is. */
export function withWsPathMeta(html: string, wsPath: string): string {
  if (wsPath === CONSOLE_DEFAULT_WS_PATH) return html;
  const escaped = wsPath.replace(/^\/+/, '').replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const meta = `<meta name="wsgate-ws" content="${escaped}">`;
  const head = /<head[^>]*>/i.exec(html);
  return head ? html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length) : meta + html;
}

/**
 * Serves a GET/HEAD for the console; returns false when the path is not the console's
 * (so the caller answers 404). `wsPath` is the server's WebSocket path (`--path`).
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string, wsPath = CONSOLE_DEFAULT_WS_PATH): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return false;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(join(base, rel));
  if (file !== base && !file.startsWith(base + sep)) return false;
  let info;
  try {
    info = await stat(file);
  } catch {
    info = undefined;
  }
  if (!info || !info.isFile()) {
    if (decoded === '/' || decoded === '/index.html') {
      const body = Buffer.from(NOT_BUILT);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    return false;
  }
  const cacheControl = decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : rel === 'index.html' ? 'no-cache' : 'public, max-age=3600';
  if (rel === 'index.html' && wsPath !== CONSOLE_DEFAULT_WS_PATH) {
    const body = Buffer.from(withWsPathMeta(await readFile(file, 'utf8'), wsPath));
    res.writeHead(200, { 'content-type': contentTypeOf(file), 'content-length': body.length, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': info.size,
    'cache-control': cacheControl,
    'last-modified': info.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', done);
    stream.pipe(res);
  });
  return true;
}
