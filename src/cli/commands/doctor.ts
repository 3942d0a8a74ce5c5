/**
 * `wsgate doctor <url>`: diagnose a WebSocket URL along its whole path. Parses flags (bad
 * usage → exit 2), runs `src/doctor`, prints the human report or JSON, shows progress on
 * stderr while the idle probe waits, and decides the exit code from the findings (0/1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hasErrors, renderJson } from '../../findings/index.js';
import { buildBundle, DoctorUrlError, formatCountdown, localizeDoctorReport, redactText, renderBundleHtml, renderBundleMarkdown, secretsOf, type DoctorReport, formatProgress, nodeIO, parseTargetUrl, renderDoctorHuman, runDoctor, type DoctorOptions, type ProgressEvent, type ResolveEntry } from '../../doctor/index.js';
import { useColor, type Command, type CommandIO } from '../command.js';
import { cliError, usageError } from '../errors.js';
import { cliMessage } from '../messages.js';
import { version } from '../version.js';
import type { Lang } from '../../i18n/index.js';
import { parseDuration, parseHostPort, parseFlags } from '../parse.js';
import { statusLine } from '../status-line.js';

const USAGE = `Usage: wsgate doctor <ws:// or wss:// url> [options]

Walks the path to a WebSocket endpoint (URL, DNS, TCP, TLS, the HTTP upgrade, the CDN, the
app's hello and ping/pong, auth, and optionally the idle cut) and says what is wrong and what
to change, for the CDN or proxy it finds.

Options:
  --resolve <host:port:addr>   connect to addr for host:port without asking DNS, as curl does
                               (repeatable): the hosts-file test, or a CDN edge no DNS knows
  --origin <addr[:port]>       also run every check straight to the origin, bypassing the CDN,
                               with the same Host and SNI, and compare the two paths
  --token <token>              token to use (default: the one in the URL)
  --header 'Name: value'       extra handshake header (repeatable)
  --origin-header 'Name: v'    extra handshake header on the origin path only (repeatable)
  --idle <duration>            hold a silent connection up to this long to measure the path's
                               idle cut (e.g. 120s; default: off), then check that a heartbeat
                               at half that interval keeps a connection alive past it
  --dns-server <addr[:port]>   resolve with this server
  --ca <file>                  trust this CA (PEM) besides the system's
  --insecure                   report TLS trust problems as warnings and go on
  --timeout <duration>         per step (default 10s)
  --json                       the report as JSON on stdout
  --report <file.md|file.html> also write a support bundle: findings, checklist, the path with
                               timings, DNS, the raw handshake (as curl -v), the idle probe,
                               the origin comparison, versions and time; no token values
  --lang <en|zh-CN>            language of messages and remedies (default: from LC_ALL/LANG);
                               codes, JSON fields and exit codes are the same in every language

Exit code: 0 when no finding is an error, 1 when one is, 2 for bad usage.
Examples:
  wsgate doctor wss://ws.example.com/api/ws/chat?token=…
  wsgate doctor wss://example.com/api/ws/chat --origin 203.0.113.7 --idle 120s
  wsgate doctor wss://example.com/api/ws/chat --idle 120s --report support.html
`;

function parseHeader(flag: string, value: string): [string, string] {
  const i = value.indexOf(':');
  const name = i > 0 ? value.slice(0, i).trim() : '';
  if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw usageError('BAD_HEADER', { flag, value });
  return [name, value.slice(i + 1).trim()];
}

function parseResolve(value: string): ResolveEntry {
  // host:port:addr, where addr may be [v6] or bare v6 (everything after the second colon).
  const m = /^([^:]+):(\d{1,5}):(.+)$/.exec(value.trim());
  const address = m?.[3]?.replace(/^\[|\]$/g, '');
  const port = Number(m?.[2]);
  if (!m || !address || !isIP(address) || port < 1 || port > 65535) throw usageError('BAD_RESOLVE', { value });
  return { host: m[1]!, port, address };
}

export type DoctorArgs = DoctorOptions & { json: boolean; report?: { path: string; format: 'md' | 'html' } };

function parseReport(value: string): NonNullable<DoctorArgs['report']> {
  const ext = /\.(md|markdown|html?)$/i.exec(value)?.[1]?.toLowerCase();
  if (!ext) throw usageError('BAD_REPORT_FILE', { value });
  return { path: value, format: ext.startsWith('htm') ? 'html' : 'md' };
}

export function parseDoctorArgs(argv: string[]): DoctorArgs {
  const parsed = parseFlags('doctor', argv, {
    resolve: { type: 'string', multiple: true },
    origin: { type: 'string' },
    token: { type: 'string' },
    header: { type: 'string', multiple: true, short: 'H' },
    'origin-header': { type: 'string', multiple: true },
    idle: { type: 'string' },
    'dns-server': { type: 'string' },
    ca: { type: 'string' },
    insecure: { type: 'boolean', short: 'k' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    report: { type: 'string' },
  });
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw usageError('DOCTOR_NEEDS_URL');
  if (positionals.length > 1) throw usageError('DOCTOR_ONE_URL', { count: positionals.length, urls: positionals.join(' ') });
  const url = positionals[0]!;
  try {
    parseTargetUrl(url);
  } catch (err) {
    if (err instanceof DoctorUrlError) throw usageError('BAD_URL', { detail: err.message });
    throw err;
  }
  const options: DoctorArgs = { url, timeoutMs: 10_000, json: Boolean(values.json) };
  if (values.report !== undefined) options.report = parseReport(values.report);
  if (values.timeout !== undefined) options.timeoutMs = parseDuration('--timeout', values.timeout, 's');
  if (options.timeoutMs <= 0) throw usageError('MUST_BE_POSITIVE', { flag: '--timeout' });
  if (values.idle !== undefined) {
    options.idleMs = parseDuration('--idle', values.idle, 's');
    if (options.idleMs <= 0) throw usageError('MUST_BE_POSITIVE', { flag: '--idle' });
  }
  if (values.resolve) {
    options.resolve = values.resolve.map(parseResolve);
    // curl ignores a pin for another host:port silently; here it is almost always a typo.
    const target = parseTargetUrl(url);
    const stray = options.resolve.find((r) => r.host.toLowerCase() !== target.host.toLowerCase() || r.port !== target.port);
    if (stray) throw usageError('RESOLVE_MISMATCH', { pin: `${stray.host}:${stray.port}:${stray.address}`, target: `${target.host}:${target.port}` });
  }
  if (values.origin !== undefined) {
    const bare = values.origin.trim().replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare)) options.origin = { host: bare };
    else if (/:\d+$/.test(values.origin)) options.origin = parseHostPort('--origin', values.origin);
    else if (/^[A-Za-z0-9.-]+$/.test(bare)) options.origin = { host: bare };
    else throw usageError('BAD_ORIGIN', { value: values.origin });
  }
  if (values.token !== undefined) options.token = values.token;
  if (values.header) options.headers = Object.fromEntries(values.header.map((h) => parseHeader('--header', h)));
  if (values['origin-header']) options.originHeaders = Object.fromEntries(values['origin-header'].map((h) => parseHeader('--origin-header', h)));
  if (values['dns-server'] !== undefined) {
    const s = parseHostPort('--dns-server', values['dns-server'], 53);
    options.dnsServer = isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
  }
  if (values.ca !== undefined) {
    try {
      options.ca = readFileSync(values.ca, 'utf8');
    } catch (err) {
      throw usageError('CA_UNREADABLE', { file: values.ca, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
    if (!options.ca.includes('-----BEGIN CERTIFICATE-----')) throw usageError('CA_NOT_PEM', { file: values.ca });
  }
  if (values.insecure) options.insecure = true;
  return options;
}

/** Writes the support bundle; a last pass masks every secret the options hold, by value. */
function writeBundle(options: DoctorArgs, report: DoctorReport, lang: Lang): void {
  const { path, format } = options.report!;
  const bundle = buildBundle(report, { tool: `wsgate ${version()}`, node: process.version, platform: `${process.platform} ${process.arch}`, generatedAt: new Date().toISOString(), lang });
  const text = redactText(format === 'html' ? renderBundleHtml(bundle) : renderBundleMarkdown(bundle), secretsOf(options));
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw cliError('REPORT_NOT_WRITTEN', { path, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }, 'REPORT_NOT_WRITTEN', 2, { cause: err });
  }
}

/** Progress on stderr: a live countdown on a TTY (one line, both paths), a line every 10 s otherwise. */
function progressWriter(io: CommandIO): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  const tty = Boolean(io.stderr.isTTY);
  const lang = io.lang ?? 'en';
  const latest = new Map<string, ProgressEvent>();
  const lastLine = new Map<string, number>();
  const line = statusLine(io.stderr);
  return {
    onProgress(e) {
      if (tty) {
        latest.set(e.path, e);
        line.draw(formatCountdown([...latest.values()], lang));
        return;
      }
      const key = `${e.path}:${e.message}`;
      const bucket = Math.floor((e.elapsedMs ?? 0) / 10_000);
      if (lastLine.get(key) === bucket) return;
      lastLine.set(key, bucket);
      io.stderr.write(`${formatProgress(e, lang)}\n`);
    },
    done: line.clear,
  };
}

export const command: Command = {
  name: 'doctor',
  summary: 'diagnose a WebSocket URL through its CDN, proxies and app',
  usage: USAGE,
  async run(argv, io) {
    const options = parseDoctorArgs(argv);
    const progress = progressWriter(io);
    const ioCtx = nodeIO({ ...(options.dnsServer ? { dnsServer: options.dnsServer } : {}), progress: progress.onProgress });
    let report;
    try {
      report = await runDoctor(options, ioCtx);
    } finally {
      progress.done();
    }
    const lang = io.lang ?? 'en';
    const worded = localizeDoctorReport(report, lang);
    if (options.json) io.stdout.write(renderJson(worded));
    else io.stdout.write(renderDoctorHuman(worded, { color: useColor(io.stdout, io.env), lang }));
    if (options.report) {
      writeBundle(options, worded, lang);
      io.stderr.write(`${cliMessage(lang, 'BUNDLE_WRITTEN', { path: options.report.path })}\n`);
    }
    return hasErrors(report.findings) ? 1 : 0;
  },
};
