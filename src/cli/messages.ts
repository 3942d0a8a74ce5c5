/**
 * The CLI's own words, in every language: usage errors (exit 2), the errors a user can act on
 * (exit 1), and the few lines a command prints around a report. Commands throw `usageError(key, data)`; the one top-level handler
 * words it in the chosen language. Keys are stable; the English text is also the Error's
 * message, for logs and tests.
 */
import type { Lang, Words } from '../i18n/index.js';

type D = Record<string, string | number>;
type Message = (d: D) => string;

const KEYS = [
  'UNKNOWN_COMMAND',
  'LANG_INVALID',
  'LANG_MISSING',
  'BAD_DURATION',
  'OUT_OF_RANGE',
  'BAD_HOST_PORT',
  'BAD_FLAGS',
  'BAD_WHOLE_NUMBER',
  'BAD_SECONDS',
  'GATEWAY_CLASS_NEEDS_GATEWAY',
  'BAD_OPTION',
  'DEPLOY_NEEDS_TARGET',
  'DEPLOY_UNKNOWN_TARGET',
  'DEPLOY_EXTRA_ARGUMENT',
  'BAD_HEADER',
  'BAD_RESOLVE',
  'DOCTOR_NEEDS_URL',
  'DOCTOR_ONE_URL',
  'BAD_URL',
  'MUST_BE_POSITIVE',
  'RESOLVE_MISMATCH',
  'BAD_ORIGIN',
  'CA_UNREADABLE',
  'CA_NOT_PEM',
  'LINT_NEEDS_INPUT',
  'LOGS_NEEDS_INPUT',
  'BAD_PATH_PREFIX',
  'BAD_FORMAT',
  'SERVE_UNEXPECTED_ARGUMENT',
  'SERVE_UNKNOWN_OPTION',
  'NEEDS_VALUE',
  'DEPLOY_WRITE_FAILED',
  'EADDRINUSE',
  'EACCES',
  'CANNOT_LISTEN',
  'UNEXPECTED',
  'LINT_TITLE',
  'DEV_BANNER',
  'BUNDLE_WRITTEN',
  'BAD_REPORT_FILE',
  'REPORT_NOT_WRITTEN',
] as const;

export type MessageKey = (typeof KEYS)[number];
export type Messages = Record<MessageKey, Message>;

/** node:util parseArgs errors, in Chinese (the English ones are node's own text). */
function parseArgsZh(message: string): string {
  const rules: Array<[RegExp, (...m: string[]) => string]> = [
    [/^Unknown option '([^']+)'/, (o) => `未知选项 '${o}'`],
    [/^Option '([^']+)' argument missing/, (o) => `选项 '${o}' 缺少取值`],
    [/^Option '([^']+)' argument is ambiguous/, (o) => `选项 '${o}' 的取值有歧义`],
    [/^Option '([^']+)' does not take an argument/, (o) => `选项 '${o}' 不接受取值`],
    [/^Unexpected argument '([^']+)'/, (a) => `多余的参数 '${a}'`],
  ];
  for (const [re, zh] of rules) {
    const m = re.exec(message);
    if (m) return zh(...m.slice(1));
  }
  return message;
}

export const CLI_MESSAGES: Words<Messages> = {
  en: {
    UNKNOWN_COMMAND: (d) => `unknown command "${d.name}" (try: ${d.commands})`,
    LANG_INVALID: (d) => `--lang: "${d.value}" is not one of ${d.langs}`,
    LANG_MISSING: (d) => `--lang needs a value (${d.langs})`,
    BAD_DURATION: (d) => `${d.flag}: "${d.value}" is not a duration (e.g. 500ms, 10s, 2m, 1h)`,
    OUT_OF_RANGE: (d) => `${d.flag}: "${d.value}" is out of range`,
    BAD_HOST_PORT: (d) => `${d.flag}: "${d.value}" is not host:port`,
    BAD_FLAGS: (d) => `${d.detail} (see wsgate ${d.command} --help)`,
    BAD_WHOLE_NUMBER: (d) => `--${d.flag}: "${d.value}" is not a whole number from ${d.min} to ${d.max}`,
    BAD_SECONDS: (d) => `--${d.flag}: "${d.value}" must be a whole number of seconds, at least 1s`,
    GATEWAY_CLASS_NEEDS_GATEWAY: () => '--gateway-class needs --gateway <name>',
    BAD_OPTION: (d) => `${d.detail}`,
    DEPLOY_NEEDS_TARGET: (d) => `deploy needs a target: ${d.targets}`,
    DEPLOY_UNKNOWN_TARGET: (d) => `unknown target "${d.target}" (targets: ${d.targets})`,
    DEPLOY_EXTRA_ARGUMENT: (d) => `unexpected argument "${d.arg}" (one target at a time; "all" writes every one)`,
    BAD_HEADER: (d) => `${d.flag}: "${d.value}" is not 'Name: value'`,
    BAD_RESOLVE: (d) => `--resolve: "${d.value}" is not host:port:addr (e.g. ws.example.com:443:203.0.113.7)`,
    DOCTOR_NEEDS_URL: () => 'doctor needs a ws:// or wss:// URL (wsgate doctor --help)',
    DOCTOR_ONE_URL: (d) => `doctor takes one URL, got ${d.count}: ${d.urls}`,
    BAD_URL: (d) => `${d.detail}`,
    MUST_BE_POSITIVE: (d) => `${d.flag} must be more than 0`,
    RESOLVE_MISMATCH: (d) => `--resolve ${d.pin} does not match the URL's host:port (${d.target})`,
    BAD_ORIGIN: (d) => `--origin: "${d.value}" is not addr[:port]`,
    CA_UNREADABLE: (d) => `--ca: cannot read ${d.file}: ${d.error}`,
    CA_NOT_PEM: (d) => `--ca: ${d.file} holds no PEM certificate`,
    LINT_NEEDS_INPUT: () => 'lint needs at least one file, directory or - (stdin)',
    LOGS_NEEDS_INPUT: () => 'logs needs at least one file, directory or - (stdin)',
    BAD_PATH_PREFIX: (d) => `--path: "${d.value}" must start with /`,
    BAD_FORMAT: (d) => `--format: "${d.value}" is not one of ${d.formats}`,
    SERVE_UNEXPECTED_ARGUMENT: (d) => `unexpected argument "${d.arg}" (options start with --; see wsgate serve --help)`,
    SERVE_UNKNOWN_OPTION: (d) => `unknown option ${d.flag} (see wsgate serve --help)`,
    NEEDS_VALUE: (d) => `${d.flag} needs a value`,
    DEPLOY_WRITE_FAILED: (d) => `cannot write ${d.path}: ${d.error}`,
    EADDRINUSE: (d) => `port ${d.port} is already in use (--port)`,
    EACCES: (d) => `not allowed to listen on port ${d.port} (--port)`,
    CANNOT_LISTEN: (d) => `cannot listen on host "${d.host}" (--host)`,
    UNEXPECTED: (d) => `unexpected error: ${d.error}`,
    LINT_TITLE: (d) => `wsgate lint: ${d.count} file${d.count === 1 ? '' : 's'} checked`,
    BUNDLE_WRITTEN: (d) => `support bundle written to ${d.path}`,
    BAD_REPORT_FILE: (d) => `--report: "${d.value}" must end in .md or .html (Markdown, or one self-contained HTML page)`,
    REPORT_NOT_WRITTEN: (d) => `--report: cannot write ${d.path}: ${d.error}`,
    DEV_BANNER: (d) =>
      [
        '',
        'wsgate dev mode: no auth configured (--tokens, --jwt-secret, --jwks-url, --introspect-url),',
        'so a dev token was generated for user "dev":',
        '',
        `  URL:      ${d.url}`,
        `  Try it:   npx wscat -c "${d.url}"`,
        `  Console:  ${d.console}`,
        '',
        d.loopback
          ? 'Listening on 127.0.0.1 only, since anyone who can reach this port can get a token (POST /api/dev/token); --host opens it wider.'
          : 'Anyone who can reach this port can get a token (POST /api/dev/token): configure auth before exposing it.',
        '',
      ].join('\n'),
  },
  'zh-CN': {
    UNKNOWN_COMMAND: (d) => `未知命令 "${d.name}"（可用：${d.commands}）`,
    LANG_INVALID: (d) => `--lang："${d.value}" 不是 ${d.langs} 之一`,
    LANG_MISSING: (d) => `--lang 需要一个取值（${d.langs}）`,
    BAD_DURATION: (d) => `${d.flag}："${d.value}" 不是时长（例如 500ms、10s、2m、1h）`,
    OUT_OF_RANGE: (d) => `${d.flag}："${d.value}" 超出范围`,
    BAD_HOST_PORT: (d) => `${d.flag}："${d.value}" 不是 host:port 格式`,
    BAD_FLAGS: (d) => `${parseArgsZh(String(d.detail))}（参见 wsgate ${d.command} --help）`,
    BAD_WHOLE_NUMBER: (d) => `--${d.flag}："${d.value}" 不是 ${d.min} 到 ${d.max} 之间的整数`,
    BAD_SECONDS: (d) => `--${d.flag}："${d.value}" 必须是整数秒，至少 1s`,
    GATEWAY_CLASS_NEEDS_GATEWAY: () => '--gateway-class 需要同时给出 --gateway <名称>',
    BAD_OPTION: (d) => `参数取值无效：${d.detail}`,
    DEPLOY_NEEDS_TARGET: (d) => `deploy 需要一个目标：${d.targets}`,
    DEPLOY_UNKNOWN_TARGET: (d) => `未知目标 "${d.target}"（可用目标：${d.targets}）`,
    DEPLOY_EXTRA_ARGUMENT: (d) => `多余的参数 "${d.arg}"（一次一个目标；"all" 会生成全部）`,
    BAD_HEADER: (d) => `${d.flag}："${d.value}" 不是 'Name: value' 格式`,
    BAD_RESOLVE: (d) => `--resolve："${d.value}" 不是 host:port:addr 格式（例如 ws.example.com:443:203.0.113.7）`,
    DOCTOR_NEEDS_URL: () => 'doctor 需要一个 ws:// 或 wss:// 地址（wsgate doctor --help）',
    DOCTOR_ONE_URL: (d) => `doctor 只接受一个地址，收到了 ${d.count} 个：${d.urls}`,
    BAD_URL: (d) => `地址无效：${d.detail}`,
    MUST_BE_POSITIVE: (d) => `${d.flag} 必须大于 0`,
    RESOLVE_MISMATCH: (d) => `--resolve ${d.pin} 与地址的 host:port（${d.target}）不一致`,
    BAD_ORIGIN: (d) => `--origin："${d.value}" 不是 addr[:port] 格式`,
    CA_UNREADABLE: (d) => `--ca：无法读取 ${d.file}：${d.error}`,
    CA_NOT_PEM: (d) => `--ca：${d.file} 中没有 PEM 证书`,
    LINT_NEEDS_INPUT: () => 'lint 至少需要一个文件、目录或 -（标准输入）',
    LOGS_NEEDS_INPUT: () => 'logs 至少需要一个文件、目录或 -（标准输入）',
    BAD_PATH_PREFIX: (d) => `--path："${d.value}" 必须以 / 开头`,
    BAD_FORMAT: (d) => `--format："${d.value}" 不是 ${d.formats} 之一`,
    SERVE_UNEXPECTED_ARGUMENT: (d) => `多余的参数 "${d.arg}"（选项以 -- 开头；参见 wsgate serve --help）`,
    SERVE_UNKNOWN_OPTION: (d) => `未知选项 ${d.flag}（参见 wsgate serve --help）`,
    NEEDS_VALUE: (d) => `${d.flag} 需要一个取值`,
    DEPLOY_WRITE_FAILED: (d) => `无法写入 ${d.path}：${d.error}`,
    EADDRINUSE: (d) => `端口 ${d.port} 已被占用（--port）`,
    EACCES: (d) => `无权监听端口 ${d.port}（--port）`,
    CANNOT_LISTEN: (d) => `无法在主机 "${d.host}" 上监听（--host）`,
    UNEXPECTED: (d) => `意外错误：${d.error}`,
    LINT_TITLE: (d) => `wsgate lint：已检查 ${d.count} 个文件`,
    BUNDLE_WRITTEN: (d) => `技术支持材料已写入 ${d.path}`,
    BAD_REPORT_FILE: (d) => `--report："${d.value}" 必须以 .md 或 .html 结尾（Markdown，或一个自包含的 HTML 页面）`,
    REPORT_NOT_WRITTEN: (d) => `--report：无法写入 ${d.path}：${d.error}`,
    DEV_BANNER: (d) =>
      [
        '',
        'wsgate 开发模式：没有配置认证（--tokens、--jwt-secret、--jwks-url、--introspect-url），',
        '因此为用户 "dev" 生成了一个开发用 token：',
        '',
        `  地址：    ${d.url}`,
        `  试一试：  npx wscat -c "${d.url}"`,
        `  控制台：  ${d.console}`,
        '',
        d.loopback
          ? '只在 127.0.0.1 上监听，因为任何能访问这个端口的人都能领取 token（POST /api/dev/token）；用 --host 可放开。'
          : '任何能访问这个端口的人都能领取 token（POST /api/dev/token）：对外开放之前请先配置认证。',
        '',
      ].join('\n'),
  },
};

/** The message for `key` in `lang`. */
export function cliMessage(lang: Lang, key: MessageKey, data: D = {}): string {
  return CLI_MESSAGES[lang][key](data);
}

export type MessageData = D;
export const MESSAGE_KEYS: readonly MessageKey[] = KEYS;
