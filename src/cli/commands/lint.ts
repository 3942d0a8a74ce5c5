/**
 * `wsgate lint <file|dir|->...`: checks Kubernetes YAML, nginx.conf, haproxy.cfg and
 * Caddyfiles for what breaks WebSockets. Exit code, decided here from the findings:
 * 2 if any input could not be read (the check is incomplete), else 1 if any finding is an
 * error, else 0. Broken syntax in a readable file is an error finding (exit 1).
 */
import { hasErrors, renderHuman, renderJson, type Report } from '../../findings/index.js';
import { describeLintFindings, lintTexts, nodeFs, readInputs, UNREADABLE_CODES, type Format } from '../../deploy/index.js';
import { useColor, type Command } from '../command.js';
import { usageError } from '../errors.js';
import { cliMessage } from '../messages.js';
import { parseFlags } from '../parse.js';

const FORMATS: readonly Format[] = ['yaml', 'nginx', 'haproxy', 'caddy'];

const USAGE = `Usage: wsgate lint <file|dir|->... [--json] [--format yaml|nginx|haproxy|caddy]

Checks configuration for what breaks WebSockets: Kubernetes YAML (multi-document, and
kind: List as printed by \`kubectl get ingress -A -o yaml | wsgate lint -\`), nginx.conf,
haproxy.cfg and Caddyfiles. Directories are read recursively (*.yaml, *.yml, *.json,
*.conf, *.cfg, Caddyfile). Every finding names its file and line.

Options:
  --json            the report as JSON (schemaVersion 1, findings[] with data.file/data.line)
  --format <fmt>    read every input as this format instead of detecting it
  --lang <en|zh-CN> language of messages and remedies (default: from LC_ALL/LANG)

Exit codes: 0 no error finding · 1 an error finding · 2 bad usage or unreadable input
Codes and remedies: docs/lint.md
`;

export const command: Command = {
  name: 'lint',
  summary: 'check k8s YAML, nginx, HAProxy and Caddy config for WebSocket breakers',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseFlags('lint', argv, { json: { type: 'boolean' }, format: { type: 'string' } });
    const paths = parsed.positionals;
    if (paths.length === 0) throw usageError('LINT_NEEDS_INPUT');
    const format = parsed.values.format;
    if (format !== undefined && !FORMATS.includes(format as Format)) throw usageError('BAD_FORMAT', { value: format, formats: FORMATS.join(', ') });

    const { inputs, problems } = await readInputs(paths, nodeFs(io.stdin));
    const raw = [...problems, ...lintTexts(format === undefined ? inputs : inputs.map((i) => ({ ...i, format: format as Format })))];
    const lang = io.lang ?? 'en';
    const findings = describeLintFindings(raw, lang);
    const unreadable = findings.some((f) => UNREADABLE_CODES.has(f.code));
    const report: Report = { schemaVersion: 1, ok: !hasErrors(findings), findings, files: inputs.map((i) => i.file) };
    if (parsed.values.json) io.stdout.write(renderJson(report));
    else io.stdout.write(renderHuman(report, { color: useColor(io.stdout, io.env), lang, title: cliMessage(lang, 'LINT_TITLE', { count: inputs.length }) }));
    return unreadable ? 2 : hasErrors(findings) ? 1 : 0;
  },
};
