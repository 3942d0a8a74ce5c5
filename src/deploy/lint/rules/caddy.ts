/**
 * Rules for the Caddyfile: Caddy proxies WebSockets by default, but a config reload closes
 * every upgraded stream unless `stream_close_delay` is set (caddy `reverseproxy.go`), and a
 * short `stream_timeout` ends them outright.
 */
import type { RawFinding } from '../../../findings/index.js';
import type { ConfigDirective } from '../types.js';
import { at, looksLikeWebSocket, NGINX_DEFAULT_TIMEOUT_S, parseDurationSeconds, rule } from './util.js';

function reverseProxies(nodes: ConfigDirective[], context: string[], out: { d: ConfigDirective; context: string[] }[]): void {
  for (const n of nodes) {
    if (n.name === 'reverse_proxy') out.push({ d: n, context });
    if (n.block) reverseProxies(n.block, [...context, n.name, ...n.args], out);
  }
}

export const streamCloseDelay = rule({
  id: 'caddy-stream-close-delay',
  title: 'Caddy keeps WebSockets open across reloads',
  format: 'caddy',
  run({ doc }) {
    const out: RawFinding[] = [];
    const found: { d: ConfigDirective; context: string[] }[] = [];
    reverseProxies(doc.directives, [], found);
    for (const { d, context } of found) {
      // A path matcher says what the proxy carries; without one, the site address does.
      const paths = [...context, ...d.args].filter((a) => a.startsWith('/'));
      if (!looksLikeWebSocket(...(paths.length ? paths : [...context, ...d.args]))) continue;
      const sub = d.block ?? [];
      if (!sub.some((s) => s.name === 'stream_close_delay')) {
        out.push(at(doc, d.line, 'CADDY_STREAM_CLOSE_DELAY_MISSING', this.id, { directive: `reverse_proxy ${d.args.join(' ')}`.trim() }));
      }
      const st = sub.find((s) => s.name === 'stream_timeout');
      const seconds = st ? parseDurationSeconds(st.args[0] ?? '', 's') : undefined;
      if (st && seconds !== undefined && seconds > 0 && seconds <= NGINX_DEFAULT_TIMEOUT_S) {
        out.push(at(doc, st.line, 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: 'stream_timeout', seconds, defaulted: false }));
      }
    }
    return out;
  },
});
