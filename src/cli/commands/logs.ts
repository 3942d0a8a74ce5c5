/**
 * `wsgate logs <file|dir|->...`: reads ingress-nginx, nginx and wsgate logs line by line and
 * reports what cuts or refuses WebSocket sessions. Exit code, decided here from the findings
 * as lint does: 2 bad usage or unreadable input, else 1 if any finding is an error, else 0.
 * Progress on stderr when it is a TTY.
 */
import { hasErrors, renderJson } from '../../findings/index.js';
import { findingsOf, FORMATS, listSources, logsWords, readSources, renderLogsHuman, summarize, type FormatChoice, type LogsReport, type ReadProgress } from '../../logs/index.js';
import { useColor, type Command, type CommandIO } from '../command.js';
import { usageError } from '../errors.js';
import { parseFlags } from '../parse.js';
import { statusLine } from '../status-line.js';

const USAGE = `Usage: wsgate logs <file|dir|->... [--json] [--format auto|ingress-nginx|nginx-combined|wsgate] [--path /prefix]

Reads access logs and wsgate's own logs and says what cuts or refuses WebSocket sessions:
sessions all ending at the same age (a proxy or CDN timeout), upgrades not forwarded (400/426),
upstream errors (502/503/504) by upstream, client aborts (499), and from wsgate's JSON logs the
close codes, auth failures, drains, heartbeat timeouts and slow consumers. Each finding has
counts, example lines (file:line) and a remedy; a histogram shows the session durations.

Formats (detected per line unless --format is given):
  ingress-nginx    the controller's default "upstreaminfo" access log
  nginx-combined   nginx's "combined" (with $request_time appended, when present)
  wsgate           wsgate serve's JSON lines

Options:
  --json            the report as JSON (schemaVersion 1: summary, findings[])
  --format <fmt>    read every line as this format
  --path <prefix>   also count this path prefix as a WebSocket path (repeatable; paths that
                    answered 101 or look like /ws, /socket.io … always count)
  --lang <en|zh-CN> language of messages and remedies (default: from LC_ALL/LANG)

Directories are read recursively (*.log, *.txt, *.json, names with "log" or "access"); "-" reads
stdin: kubectl logs -n ingress-nginx deploy/ingress-nginx-controller | wsgate logs -
Lines are read one at a time (a 1 GB log in bounded memory); garbled lines are counted.

Exit codes: 0 no error finding · 1 an error finding · 2 bad usage or unreadable input
Codes and remedies: docs/logs.md
`;

const MB = 1024 * 1024;

/** A one-line progress display on a TTY, at most every 200 ms. */
function progress(io: CommandIO): { onProgress?: (p: ReadProgress) => void; done(): void } {
  if (!io.stderr.isTTY) return { done() {} };
  let last = 0;
  const status = statusLine(io.stderr);
  return {
    onProgress(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const line = logsWords(io.lang).progress(p.source, (p.bytes / MB).toFixed(0), p.size ? (p.size / MB).toFixed(0) : null, p.size ? Math.floor((p.bytes / p.size) * 100) : null, p.lines.toLocaleString('en'));
      status.draw(line);
    },
    done: status.clear,
  };
}

export const command: Command = {
  name: 'logs',
  summary: 'read ingress/nginx/wsgate logs for cut, refused and failed WebSocket sessions',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseFlags('logs', argv, { json: { type: 'boolean' }, format: { type: 'string' }, path: { type: 'string', multiple: true } });
    const paths = parsed.positionals;
    if (paths.length === 0) throw usageError('LOGS_NEEDS_INPUT');
    const format = (parsed.values.format ?? 'auto') as FormatChoice;
    if (!FORMATS.includes(format)) throw usageError('BAD_FORMAT', { value: format, formats: FORMATS.join(', ') });
    const prefixes = parsed.values.path ?? [];
    const badPrefix = prefixes.find((p) => !p.startsWith('/'));
    if (badPrefix !== undefined) throw usageError('BAD_PATH_PREFIX', { value: badPrefix });

    const { sources, problems } = await listSources(paths, io.stdin);
    const show = progress(io);
    let read;
    try {
      read = await readSources(sources, { format, paths: prefixes, ...(show.onProgress ? { onProgress: show.onProgress } : {}) });
    } finally {
      show.done();
    }
    const lang = io.lang ?? 'en';
    const findings = findingsOf(read.tally, [...problems, ...read.problems], { paths: prefixes, lang });
    const report: LogsReport = { schemaVersion: 1, ok: !hasErrors(findings), summary: summarize(read.tally), findings, files: sources.map((s) => s.name) };
    if (parsed.values.json) io.stdout.write(renderJson(report));
    else io.stdout.write(renderLogsHuman(report, { color: useColor(io.stdout, io.env), lang }));
    if (findings.some((f) => f.code === 'INPUT_UNREADABLE')) return 2;
    return hasErrors(findings) ? 1 : 0;
  },
};
