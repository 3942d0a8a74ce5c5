/**
 * The raw HTTP/1.1 upgrade, written by hand so the doctor sees the exact status line, headers
 * and Sec-WebSocket-Accept (the guide's curl test): building the request, parsing the answer,
 * and the accept check (RFC 6455 §4.2.2, §1.3).
 */
import { createHash, randomBytes } from 'node:crypto';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must send back for `key`. */
export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

/** The request text: GET with the upgrade headers, then the extra headers. */
export function buildUpgradeRequest(opts: { path: string; hostHeader: string; key: string; headers: Record<string, string> }): string {
  const lines = [
    `GET ${opts.path} HTTP/1.1`,
    `Host: ${opts.hostHeader}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${opts.key}`,
    'User-Agent: wsgate-doctor',
  ];
  for (const [name, value] of Object.entries(opts.headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface ParsedHead {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** Bytes after the head. */
  rest: Buffer;
}

/** Parses a response head once `buf` holds all of it; null while incomplete. Throws on garbage. */
export function parseResponseHead(buf: Buffer): ParsedHead | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    if (buf.length >= 5 && !buf.subarray(0, 5).toString('latin1').startsWith('HTTP/')) throw new Error(`not an HTTP answer: ${JSON.stringify(buf.subarray(0, 40).toString('latin1'))}`);
    return null;
  }
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) throw new Error(`not an HTTP status line: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers, rest: buf.subarray(end + 4) };
}
