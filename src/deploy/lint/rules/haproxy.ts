/**
 * Rules for haproxy.cfg: after an upgrade, `timeout tunnel` replaces the client and server
 * timeouts, so a WebSocket backend without it idles out at `timeout server`/`client`
 * (commonly 30–50 s). Backends and listen sections inherit from the last `defaults` above them.
 */
import type { RawFinding } from '../../../findings/index.js';
import type { HaproxyLine, HaproxySection } from '../types.js';
import { at, NGINX_DEFAULT_TIMEOUT_S, parseDurationSeconds, rule } from './util.js';

function timeoutLine(section: HaproxySection, name: string): HaproxyLine | undefined {
  const found = section.lines.filter((l) => l.words[0] === 'timeout' && l.words[1] === name);
  return found[found.length - 1];
}

export const tunnelTimeout = rule({
  id: 'haproxy-timeout-tunnel',
  title: 'HAProxy timeout tunnel for WebSockets',
  format: 'haproxy',
  run({ doc }) {
    const out: RawFinding[] = [];
    const reported = new Set<number>();
    let defaults: HaproxySection | undefined;
    const proxies: { section: HaproxySection; defaults: HaproxySection | undefined }[] = [];
    for (const s of doc.sections) {
      if (s.kind === 'defaults') defaults = s;
      else if (s.kind === 'backend' || s.kind === 'listen') proxies.push({ section: s, defaults });
    }
    // No backend at all (a defaults-only fragment): judge the defaults themselves.
    if (proxies.length === 0) for (const s of doc.sections) if (s.kind === 'defaults') proxies.push({ section: s, defaults: undefined });
    for (const { section, defaults: dflt } of proxies) {
      const mode = (section.lines.find((l) => l.words[0] === 'mode') ?? dflt?.lines.find((l) => l.words[0] === 'mode'))?.words[1];
      if (mode === 'tcp') continue;
      const own = timeoutLine(section, 'tunnel');
      const inherited = dflt ? timeoutLine(dflt, 'tunnel') : undefined;
      const tunnel = own ?? inherited;
      if (!tunnel) {
        const place = dflt ?? section;
        if (reported.has(place.line)) continue;
        reported.add(place.line);
        const server = timeoutLine(section, 'server') ?? (dflt && timeoutLine(dflt, 'server'));
        const fallback = server ? parseDurationSeconds(server.words[2] ?? '', 'ms') : undefined;
        out.push(at(doc, place.line, 'HAPROXY_TUNNEL_TIMEOUT_MISSING', this.id, { section: `${place.kind}${place.name ? ` ${place.name}` : ''}`, ...(fallback !== undefined ? { fallbackSeconds: fallback } : {}) }));
        continue;
      }
      if (reported.has(tunnel.line)) continue;
      const seconds = parseDurationSeconds(tunnel.words[2] ?? '', 'ms');
      if (seconds === undefined || seconds > NGINX_DEFAULT_TIMEOUT_S) continue;
      reported.add(tunnel.line);
      out.push(at(doc, tunnel.line, 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: 'timeout tunnel', seconds, defaulted: false }));
    }
    return out;
  },
});
