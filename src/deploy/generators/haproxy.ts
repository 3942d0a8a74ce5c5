/**
 * HAProxy in front of a WebSocket service. After the upgrade, `timeout tunnel` replaces the
 * client and server timeouts (HAProxy docs), so it carries the long idle limit while
 * `timeout client`/`server` stay short for ordinary HTTP. A complete haproxy.cfg.
 */
import { line, printHaproxy, type HaproxySection } from '../config-text/haproxy.js';
import { durationText, type DeployOptions } from '../options.js';
import { commentsFor } from './comments.js';
import type { GeneratedFile } from './types.js';

export function haproxyConfig(o: DeployOptions): HaproxySection[] {
  const tls = o.tlsCert !== undefined;
  const bind = o.listen ? `${o.listen.host}:${o.listen.port}` : tls ? ':443' : ':80';
  const backend = `be_${o.service.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return [
    { kind: 'global', lines: [line('log stdout format raw local0 info')] },
    {
      kind: 'defaults',
      lines: [
        line('mode http'),
        line('log global'),
        line('option httplog'),
        line('timeout connect 5s'),
        line('timeout http-request 10s'),
        line('timeout client 30s'),
        line('timeout server 30s'),
        line('timeout client-fin 30s'),
        line(['timeout', 'tunnel', durationText(o.timeoutSeconds)], commentsFor(o).haproxyTunnel),
      ],
    },
    {
      kind: 'frontend',
      name: 'fe_websocket',
      lines: [
        line(['bind', bind, ...(tls ? ['ssl', 'crt', o.tlsCert!] : [])]),
        line('option forwardfor'),
        line(['acl', 'is_ws_path', 'path_beg', o.path]),
        line(['use_backend', backend, 'if', 'is_ws_path']),
        line(['default_backend', backend]),
      ],
    },
    {
      kind: 'backend',
      name: backend,
      lines: [line(['server', 'app1', `${o.upstream.host}:${o.upstream.port}`, 'check'])],
    },
  ];
}

export function generateHaproxy(o: DeployOptions): GeneratedFile[] {
  const say = commentsFor(o);
  const header = say.haproxyHeader({ host: o.host, path: o.path, upstream: `${o.upstream.host}:${o.upstream.port}` });
  return [{ path: 'haproxy/haproxy.cfg', content: printHaproxy(haproxyConfig(o), header), description: say.description.haproxy }];
}
