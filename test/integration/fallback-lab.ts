// nginx in front of a wsgate server, configured the ways that break WebSocket or SSE in the
// field (docs/sse-through-proxies.md), for the fallback lab tests: no Upgrade headers, 403 to
// any upgrade, gzip on the event stream, a short proxy_read_timeout, X-Accel-Buffering ignored
// (buffering on, with or without gzip), and the Upgrade headers restored (reloaded in place
// with SIGHUP, so open streams stay up).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, nginxMainConfig, startNginx, waitFor, type LabProxy } from '../lab/index.js';

export type NginxVariant = 'no-upgrade' | 'forbid-upgrade' | 'gzip' | 'read-timeout-5s' | 'upgrade-ok' | 'buffered' | 'gzip-buffered';

/** The body of `http {}`: one server on host:port proxying to the upstream; proxy_buffering is left at its default (on). */
export function fallbackNginxBody(host: string, port: number, upstream: string, variant: NginxVariant): string {
  const upgrade = variant === 'upgrade-ok' ? ['proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;'] : [];
  const server = [
    variant === 'forbid-upgrade' ? 'if ($http_upgrade) { return 403; }' : '',
    variant === 'gzip' || variant === 'gzip-buffered' ? 'gzip on; gzip_types text/event-stream; gzip_min_length 0;' : '',
    // Dropping X-Accel-Buffering leaves nginx's default proxy_buffering on in force.
    variant === 'buffered' || variant === 'gzip-buffered' ? 'proxy_ignore_headers X-Accel-Buffering;' : '',
  ];
  return `
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen ${host}:${port};
    ${server.join('\n    ')}
    location / {
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      ${upgrade.join('\n      ')}
      proxy_read_timeout ${variant === 'read-timeout-5s' ? '5s' : '60s'};
    }
  }`;
}

export interface FallbackNginx extends LabProxy {
  /** ws://host:port/api/ws/chat through nginx. */
  wsUrl: string;
  /** Rewrites the config and reloads nginx in place (SIGHUP): open connections stay. */
  reload(variant: NginxVariant): Promise<void>;
}

export async function startFallbackNginx(host: string, upstream: string, variant: NginxVariant): Promise<FallbackNginx> {
  const port = await freePort(host);
  const proxy = await startNginx({ host, port, httpBody: fallbackNginxBody(host, port, upstream, variant) });
  return {
    ...proxy,
    wsUrl: `ws://${host}:${port}/api/ws/chat`,
    async reload(next) {
      const log = join(proxy.dir, 'error.log');
      const reloads = (): number => (readFileSync(log, 'utf8').match(/start worker process/g) ?? []).length;
      const before = reloads();
      writeFileSync(proxy.configPath, nginxMainConfig(proxy.dir, fallbackNginxBody(host, port, upstream, next)));
      proxy.process.child.kill('SIGHUP');
      await waitFor('nginx to start workers with the new config', () => reloads() > before, 5000);
    },
  };
}
