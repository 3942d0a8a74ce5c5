/**
 * nginx in front of a WebSocket service (nginx docs `websocket.html`): HTTP/1.1 to the
 * upstream (the default is 1.0 before nginx 1.29.7), `Upgrade`/`Connection` passed on through
 * `map $http_upgrade $connection_upgrade`, and read/send timeouts above the idle gap the
 * application allows. The file is http-context (drop it into `conf.d/`).
 */
import { blank, comment, d, printNginx, type Node } from '../config-text/block.js';
import { durationText, type DeployOptions } from '../options.js';
import { commentsFor } from './comments.js';
import type { GeneratedFile } from './types.js';

export function upstreamName(o: DeployOptions): string {
  return o.service.replace(/[^A-Za-z0-9_]/g, '_');
}

export function nginxConfig(o: DeployOptions): Node[] {
  const timeout = durationText(o.timeoutSeconds);
  const say = commentsFor(o);
  const tls = o.tlsCert !== undefined && o.tlsKey !== undefined;
  const listen = o.listen ? `${o.listen.host}:${o.listen.port}` : tls ? '443' : '80';
  const server: Node[] = [
    d('listen', tls ? [listen, 'ssl'] : [listen]),
    d('server_name', o.host),
  ];
  if (tls) server.push(d('ssl_certificate', o.tlsCert!), d('ssl_certificate_key', o.tlsKey!));
  server.push(
    blank,
    d('location', o.path, [
      d('proxy_pass', `http://${upstreamName(o)}`),
      comment(say.nginxHttp11),
      d('proxy_http_version', '1.1'),
      d('proxy_set_header', ['Upgrade', '$http_upgrade']),
      d('proxy_set_header', ['Connection', '$connection_upgrade']),
      d('proxy_set_header', ['Host', '$host']),
      d('proxy_set_header', ['X-Forwarded-For', '$proxy_add_x_forwarded_for']),
      d('proxy_set_header', ['X-Forwarded-Proto', '$scheme']),
      comment(say.nginxIdle),
      d('proxy_read_timeout', timeout),
      d('proxy_send_timeout', timeout),
      d('proxy_buffering', 'off'),
    ]),
  );
  return [
    comment(say.nginxHeader({ host: o.host, path: o.path, upstream: `${o.upstream.host}:${o.upstream.port}` })),
    d('map', ['$http_upgrade', '$connection_upgrade'], [d('default', 'upgrade'), d('', 'close')]),
    blank,
    d('upstream', upstreamName(o), [d('server', `${o.upstream.host}:${o.upstream.port}`)]),
    blank,
    d('server', [], server),
  ];
}

export function generateNginx(o: DeployOptions): GeneratedFile[] {
  return [{ path: 'nginx/wsgate.conf', content: printNginx(nginxConfig(o)), description: commentsFor(o).description.nginx }];
}
