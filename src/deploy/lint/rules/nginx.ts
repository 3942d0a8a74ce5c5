/**
 * Rules for nginx.conf (nginx docs `websocket.html`): a location that proxies WebSockets needs
 * the Upgrade/Connection headers, HTTP/1.1 to the upstream (before 1.29.7), and read/send
 * timeouts above the default 60 s. `proxy_set_header` and the timeouts inherit from outer
 * levels, `proxy_set_header` only when the inner level sets none at all.
 */
import type { RawFinding } from '../../../findings/index.js';
import type { ConfigDirective, NginxDoc } from '../types.js';
import { at, looksLikeWebSocket, NGINX_DEFAULT_TIMEOUT_S, parseDurationSeconds, rule } from './util.js';

interface ProxiedLocation {
  location: ConfigDirective;
  /** Outermost first: http/server/location… levels down to this location. */
  chain: ConfigDirective[][];
  proxyPass: ConfigDirective;
}

/** Every location with a proxy_pass, with the levels it inherits from. */
function proxiedLocations(doc: NginxDoc): ProxiedLocation[] {
  const out: ProxiedLocation[] = [];
  const walk = (nodes: ConfigDirective[], chain: ConfigDirective[][]) => {
    for (const n of nodes) {
      if (!n.block) continue;
      const inner = [...chain, n.block];
      if (n.name === 'location') {
        const proxyPass = n.block.find((c) => c.name === 'proxy_pass');
        if (proxyPass) out.push({ location: n, chain: inner, proxyPass });
      }
      if (n.name !== 'map' && n.name !== 'upstream' && n.name !== 'types' && n.name !== 'stream') walk(n.block, inner);
    }
  };
  walk(doc.directives, [doc.directives]);
  return out;
}

/** The innermost directive of this name along the chain (nginx inheritance for simple directives). */
function effective(chain: ConfigDirective[][], name: string): ConfigDirective | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = chain[i]!.filter((d) => d.name === name);
    if (found.length) return found[found.length - 1];
  }
  return undefined;
}

/** proxy_set_header: the innermost level that has any replaces all outer ones. */
function effectiveHeaders(chain: ConfigDirective[][]): Map<string, ConfigDirective> {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = chain[i]!.filter((d) => d.name === 'proxy_set_header');
    if (found.length) return new Map(found.map((d) => [(d.args[0] ?? '').toLowerCase(), d]));
  }
  return new Map();
}

/** A location proxies WebSockets if it passes Upgrade on or its path/upstream says so. */
function isWebSocket(l: ProxiedLocation): boolean {
  const headers = effectiveHeaders(l.chain);
  return headers.has('upgrade') || looksLikeWebSocket(...l.location.args, ...l.proxyPass.args);
}

const where = (l: ProxiedLocation) => `location ${l.location.args.join(' ')}`;

export const upgradeHeaders = rule({
  id: 'nginx-upgrade-headers',
  title: 'nginx passes Upgrade and Connection to WebSocket upstreams',
  format: 'nginx',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const l of proxiedLocations(doc)) {
      if (!isWebSocket(l)) continue;
      const headers = effectiveHeaders(l.chain);
      const connection = headers.get('connection');
      const missing: string[] = [];
      if (!headers.has('upgrade')) missing.push('Upgrade');
      // `Connection: close`/`keep-alive` (or none) drops the upgrade; a variable or "upgrade" keeps it.
      if (!connection || !/upgrade|^\$/i.test(connection.args[1] ?? '')) missing.push('Connection');
      if (missing.length) out.push(at(doc, l.location.line, 'NGINX_UPGRADE_HEADERS_MISSING', this.id, { location: where(l), missing }));
    }
    return out;
  },
});

export const httpVersion = rule({
  id: 'nginx-proxy-http-version',
  title: 'nginx speaks HTTP/1.1 to WebSocket upstreams',
  format: 'nginx',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const l of proxiedLocations(doc)) {
      if (!isWebSocket(l)) continue;
      const v = effective(l.chain, 'proxy_http_version');
      if (v && v.args[0] !== '1.0') continue;
      out.push(at(doc, v?.line ?? l.location.line, 'NGINX_HTTP_VERSION', this.id, { location: where(l), directive: 'proxy_http_version', value: v?.args[0] ?? '1.0 (default)' }));
    }
    return out;
  },
});

export const timeouts = rule({
  id: 'nginx-timeouts',
  title: 'nginx read/send timeouts for WebSockets',
  format: 'nginx',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const l of proxiedLocations(doc)) {
      if (!isWebSocket(l)) continue;
      for (const name of ['proxy_read_timeout', 'proxy_send_timeout']) {
        const d = effective(l.chain, name);
        const seconds = d ? parseDurationSeconds(d.args[0] ?? '', 's') : NGINX_DEFAULT_TIMEOUT_S;
        if (seconds === undefined || seconds > NGINX_DEFAULT_TIMEOUT_S) continue;
        out.push(at(doc, d?.line ?? l.location.line, 'PROXY_TIMEOUT_TOO_LOW', this.id, { location: where(l), directive: name, seconds, defaulted: !d }));
      }
    }
    return out;
  },
});
