/**
 * Keeping credentials out of everything the doctor writes (reports get pasted into tickets and
 * chats; docs/doctor.md "Support bundle"): the URL's token parameters, `--token`, and the values
 * of credential-carrying headers, masked structurally where we know the shape and by value
 * everywhere else.
 */
import { TOKEN_PARAMS } from './plan.js';
import type { DoctorOptions } from './types.js';

export const REDACTED = 'REDACTED';

/** Header names whose values are credentials (or may carry one, like a subprotocol token). */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|sec-websocket-protocol|x-api-key|api-key|x-auth-token)$|token|secret|key|auth|session|ticket/i;

/** Whether a header's value must never be shown. */
export function isSecretHeader(name: string): boolean {
  // Sec-WebSocket-Key/Accept are nonces of the handshake, not credentials (RFC 6455 §4.1).
  if (/^sec-websocket-(key|accept|version|extensions)$/i.test(name)) return false;
  return SECRET_HEADER.test(name);
}

/** The URL with token values masked. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  for (const p of TOKEN_PARAMS) if (copy.searchParams.has(p)) copy.searchParams.set(p, REDACTED);
  return copy.href;
}

/**
 * Every secret value the options hold: `--token`, the URL's token parameters, and the values of
 * credential headers (a `Bearer x` value also yields `x`). Short values (< 4 chars) are still
 * masked where they stand in a header or parameter, but not searched for in free text.
 */
export function secretsOf(options: Pick<DoctorOptions, 'url' | 'token' | 'headers' | 'originHeaders'>): string[] {
  const found = new Set<string>();
  if (options.token) found.add(options.token);
  try {
    const url = new URL(options.url);
    for (const p of TOKEN_PARAMS) {
      const v = url.searchParams.get(p);
      if (v) found.add(v);
    }
    if (url.password) found.add(url.password);
  } catch {
    // Not a URL: nothing to take from it.
  }
  for (const [name, value] of Object.entries({ ...(options.headers ?? {}), ...(options.originHeaders ?? {}) })) {
    if (!isSecretHeader(name) || !value) continue;
    found.add(value);
    const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (credential) found.add(credential);
    for (const part of value.split(/[;,]\s*/)) {
      const v = part.split('=').slice(1).join('=');
      if (v) found.add(v);
    }
  }
  return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret (and its URL-encoded form) with REDACTED. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * An HTTP head (request or response, CRLF-separated) with credential header values and token
 * query parameters masked, then every known secret masked by value.
 */
export function redactHead(head: string, secrets: readonly string[]): string {
  const lines = head.split('\r\n').map((line, i) => {
    if (i === 0) {
      const m = /^(\S+) (\S+)( HTTP\/\S+)$/.exec(line);
      if (!m) return line;
      try {
        const u = new URL(m[2]!, 'http://x');
        for (const p of TOKEN_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, REDACTED);
        return `${m[1]} ${u.pathname}${u.search}${m[3]}`;
      } catch {
        return line;
      }
    }
    const c = line.indexOf(':');
    if (c <= 0) return line;
    const name = line.slice(0, c);
    return isSecretHeader(name) ? `${name}: ${REDACTED}` : line;
  });
  return redactText(lines.join('\r\n'), secrets);
}
