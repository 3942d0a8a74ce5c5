/**
 * Caddy in front of a WebSocket service. Caddy proxies WebSockets by default and has no idle
 * stream timeout; what breaks them is a config reload, which closes every upgraded stream
 * unless `stream_close_delay` keeps it open (caddy `reverseproxy.go`; the subdirective exists
 * from Caddy 2.7, so older versions get a comment instead).
 */
import { comment, d, printCaddyfile, type Node } from '../config-text/block.js';
import { durationText, versionAtLeast, type DeployOptions } from '../options.js';
import { commentsFor } from './comments.js';
import type { GeneratedFile } from './types.js';

export function caddyConfig(o: DeployOptions): Node[] {
  const site = o.listen ? `http://${o.listen.host}:${o.listen.port}` : o.host;
  const proxyBlock: Node[] = [];
  const say = commentsFor(o);
  if (versionAtLeast(o.caddyVersion, '2.7')) {
    proxyBlock.push(
      comment(say.caddyCloseDelay),
      d('stream_close_delay', durationText(o.streamCloseDelaySeconds)),
    );
  } else {
    proxyBlock.push(comment(say.caddyOld(o.caddyVersion)));
  }
  return [
    comment(say.caddyHeader({ host: o.host, path: o.path, upstream: `${o.upstream.host}:${o.upstream.port}` }, !o.listen)),
    d(site, [], [d('reverse_proxy', [`${o.path}*`, `${o.upstream.host}:${o.upstream.port}`], proxyBlock)]),
  ];
}

export function generateCaddy(o: DeployOptions): GeneratedFile[] {
  return [{ path: 'caddy/Caddyfile', content: printCaddyfile(caddyConfig(o)), description: commentsFor(o).description.caddy }];
}
