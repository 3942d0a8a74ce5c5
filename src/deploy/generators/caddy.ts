/**
 * Caddy in front of a WebSocket service. Caddy proxies WebSockets by default and has no idle
 * stream timeout; what breaks them is a config reload, which closes every upgraded stream
 * unless `stream_close_delay` keeps it open (caddy `reverseproxy.go`; the subdirective exists
 * from Caddy 2.7, so older versions get a comment instead).
 */
import { comment, d, printCaddyfile, type Node } from '../config-text/block.js';
import { durationText, versionAtLeast, type DeployOptions } from '../options.js';
import type { GeneratedFile } from './types.js';

export function caddyConfig(o: DeployOptions): Node[] {
  const site = o.listen ? `http://${o.listen.host}:${o.listen.port}` : o.host;
  const proxyBlock: Node[] = [];
  if (versionAtLeast(o.caddyVersion, '2.7')) {
    proxyBlock.push(
      comment('a config reload closes WebSockets; this keeps them open for a while after one'),
      d('stream_close_delay', durationText(o.streamCloseDelaySeconds)),
    );
  } else {
    proxyBlock.push(comment(`Caddy ${o.caddyVersion} has no stream_close_delay (2.7+): a config reload closes every WebSocket`));
  }
  return [
    comment(`wsgate deploy caddy: ${o.host}${o.path} → ${o.upstream.host}:${o.upstream.port}${o.listen ? '' : '\nCaddy gets and renews the certificate for this host by itself (ports 80 and 443 open).'}`),
    d(site, [], [d('reverse_proxy', [`${o.path}*`, `${o.upstream.host}:${o.upstream.port}`], proxyBlock)]),
  ];
}

export function generateCaddy(o: DeployOptions): GeneratedFile[] {
  return [{ path: 'caddy/Caddyfile', content: printCaddyfile(caddyConfig(o)), description: 'Caddyfile' }];
}
