// Shared by client-browser.test.ts and socket-browser.test.ts: a file's cleanups, run once at
// its end, and the page server that hands Chromium a test page and the bundle it imports.
import { after } from 'node:test';
import { createServer } from 'node:http';

/** Functions run at the end of the file, last added first, each even when one before it failed. */
export function cleanupsAfterAll(): Array<() => unknown> {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // keep cleaning up
      }
    }
  });
  return cleanups;
}

/**
 * An HTTP server on `host` (a free port): `script` for requests to `scriptPath`, `html` for
 * anything else. Resolves with the page's URL (ending in `/`) and a way to stop the server.
 */
export async function startPageServer(host: string, html: string, scriptPath: string, script: Uint8Array): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith(scriptPath)) res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const addr = server.address();
  return {
    url: `http://${host}:${typeof addr === 'object' && addr ? addr.port : 0}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
