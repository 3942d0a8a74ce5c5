/**
 * The words of `wsgate logs` in Chinese (zh-CN): every code of catalog.ts with its title,
 * message and remedy, and the report's own words (LOGS_WORDS_ZH, the twin of words.ts).
 * Settings, flags and commands stay as they are typed.
 */
import type { Translation, Wording } from '../findings/index.js';
import { KNOWN_LIMITS_ZH, REMEDY_WORDS_ZH, hopsWithLimitNear, remedyFor } from '../knowledge/index.js';
import { heartbeatFor } from './catalog.js';
import type { LogsWords } from './words.js';

type D = Record<string, unknown>;
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
const pct = (share: unknown): string => `${Math.round(n(share) * 100)}%`;
const list = (r: unknown): string =>
  Object.entries((r ?? {}) as Record<string, number>)
    .map(([k, v]) => `${k} ×${v}`)
    .join('，');
const at = (d: D): string => (Array.isArray(d.examples) && d.examples.length ? `（如 ${(d.examples as string[]).slice(0, 3).join('、')}）` : '');

/** The hops whose default idle limit matches a cut, in Chinese (catalog.ts's `knownCut`). */
function knownCutZh(seconds: number): string | undefined {
  const hops = hopsWithLimitNear(seconds * 1000).map((l) => KNOWN_LIMITS_ZH[l.hop]?.hop ?? l.hop);
  return hops.length ? hops.join('、') : undefined;
}

const SETTING_ZH: Record<string, string> = {
  'ingress-nginx':
    '在 Ingress 上把 `proxy-read-timeout` 和 `proxy-send-timeout` 调到 3600（注解 `nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"` 和 `…/proxy-send-timeout: "3600"`），或在控制器的 ConfigMap 中调整',
  'nginx-combined': '在 WebSocket 的 location 中调大 `proxy_read_timeout` 和 `proxy_send_timeout`（如 3600s）',
  wsgate: remedyFor('idle', {}, REMEDY_WORDS_ZH),
};

function words(w: Wording<D>): Wording<D> {
  return w;
}

export const LOGS_CATALOG_ZH: Translation = {
  SESSIONS_CUT_AT_TIMEOUT: words({
    title: '会话在同一时长被切断',
    message: (d) => {
      const hop = knownCutZh(n(d.seconds));
      return `${n(d.sessions)} 个 WebSocket 会话（占 ${n(d.total)} 个中的 ${pct(d.share)}）在 ${n(d.seconds)} 秒后结束：是代理或 CDN 的空闲或存活时间切断${hop ? `；${Math.round(n(d.seconds))} 秒是 ${hop} 的默认值` : ''}${at(d)}`;
    },
    remedy: (d) => `${SETTING_ZH[String(d.source)] ?? SETTING_ZH['nginx-combined']}，并让服务端每 ${heartbeatFor(n(d.seconds))} 秒或更短发送一次心跳（wsgate serve --ping-interval ${heartbeatFor(n(d.seconds))}s），远小于 ${n(d.seconds)} 秒的切断时间`,
  }),
  UPGRADE_NOT_FORWARDED: words({
    title: '升级请求没有被转发',
    message: (d) => `WebSocket 路径上有 ${n(d.count)} 个请求得到 ${list(d.statuses)}：Upgrade 头没有到达服务端（或有普通 HTTP 请求访问了该路径）${at(d)}`,
    remedy: () => `${remedyFor('upgrade-not-forwarded', { proxy: 'nginx' }, REMEDY_WORDS_ZH)}；wsgate 返回 426 表示它收到的是普通 GET：浏览器应连接 ws(s)://，而不是 http(s)://`,
  }),
  UPSTREAM_ERRORS: words({
    title: '上游错误',
    message: (d) =>
      `WebSocket 路径上有 ${n(d.count)} 个请求得到 502/503/504，按上游：${((d.upstreams ?? []) as Array<{ upstream: string; count: number }>).map((u) => `${u.upstream} ×${u.count}`).join('，')}${at(d)}`,
    remedy: () => `${remedyFor('bad-gateway', { proxy: 'nginx' }, REMEDY_WORDS_ZH)}；发布时先排空再停止（wsgate serve 收到 SIGTERM 会排空），并把就绪探针指向 /readyz`,
  }),
  CLIENT_ABORTS: words({
    title: '客户端放弃了请求',
    message: (d) => `WebSocket 路径上有 ${n(d.count)} 个请求以 499 结束：客户端在应答之前关闭了连接${at(d)}`,
    remedy: () => '升级过程慢或卡住会让客户端放弃：检查上游能很快应答握手（wsgate doctor <url>），以及客户端的握手超时没有设得太短',
  }),
  CLOSE_CODES: words({
    title: '关闭码',
    message: (d) => `${n(d.count)} 个会话已关闭，按关闭码：${list(d.codes)}`,
    remedy: () => '1006 表示连接没有关闭帧就断了（常见于路径上的空闲切断）；1001/1012 是重启和排空；44xx 是拒绝（docs/protocol.md）',
  }),
  AUTH_FAILURES: words({
    title: '认证失败',
    message: (d) => `${n(d.count)} 个连接因认证被拒绝，按原因：${list(d.reasons)}${at(d)}`,
    remedy: () => 'expired（过期）：在 token 过期前刷新（或使用票据）；missing/invalid（缺失/无效）：检查客户端传 token 的方式；unavailable（不可用）：JWKS 或 introspection 端点挂了',
  }),
  DRAINS: words({
    title: '排空',
    message: (d) => `${n(d.count)} 次排空（重启或发布），${n(d.connections)} 个连接带着重连提示迁走${at(d)}`,
    remedy: () => '发布期间是正常的；发布之外出现很多次说明 Pod 在被重启（检查 OOM kill 和存活探针）',
  }),
  HEARTBEAT_TIMEOUTS: words({
    title: '心跳超时',
    message: (d) => `${n(d.count)} 个连接因没有按时收到 pong 而被终止${at(d)}`,
    remedy: () => '少量断链（移动网络、休眠的笔记本）是正常的；很多则说明路径在丢流量：运行 wsgate doctor <url> --idle 120s',
  }),
  SLOW_CONSUMERS: words({
    title: '消费过慢',
    message: (d) => `${n(d.count)} 个连接被关闭（1013），因为客户端读取太慢，发送缓冲区满了${at(d)}`,
    remedy: () => '减少向这些频道发布的消息，或在确知客户端网络较慢时调大 --max-buffered',
  }),
  LINES_UNPARSED: words({
    title: '无法识别的行',
    message: (d) => `${n(d.lines)} 行中有 ${n(d.count)} 行不符合任何格式（ingress-nginx upstreaminfo、nginx combined、wsgate JSON），已跳过${at(d)}`,
    remedy: () => '如果这是自定义 log_format 的访问日志，请传 --format，或让 ingress-nginx 使用 upstreaminfo 格式记录（docs/logs.md）',
  }),
  LINES_TOO_LONG: words({
    title: '行太长',
    message: (d) => `${n(d.count)} 行超过 64 KiB，已跳过${at(d)}`,
    remedy: () => '输入中有二进制或损坏的文件：只传日志文件',
  }),
  NO_LOG_LINES: words({
    title: '没有可读的内容',
    message: () => '输入中没有访问日志或 wsgate 日志的行',
    remedy: () => '检查文件名，或用管道传入日志：kubectl logs -n ingress-nginx deploy/ingress-nginx-controller | wsgate logs -',
  }),
  INPUT_UNREADABLE: words({
    title: '输入无法读取',
    message: (d) => `无法读取 ${String(d.file)}：${String(d.error)}`,
    remedy: () => '检查路径和权限',
  }),
};

/** words.ts's LOGS_WORDS in Chinese (the same functions and keys). */
export const LOGS_WORDS_ZH: LogsWords = {
  heading: (inputs, lines, formats, other, unparsed, tooLong) =>
    `wsgate logs：${inputs} 个输入，${lines} 行（${formats || '无可识别的格式'}${other ? `，${other} 行其他` : ''}${unparsed ? `，${unparsed} 行无法解析` : ''}${tooLong ? `，${tooLong} 行太长` : ''}）`,
  accessSessions: (requests, sessions, withoutTime) => `${requests} 个请求，${sessions} 个 WebSocket 会话（状态 101）${withoutTime ? `，${withoutTime} 个没有 $request_time` : ''}`,
  wsgateSessions: (count) => `wsgate 日志中有 ${count} 个会话关闭`,
  histogramAccess: '会话时长（访问日志）',
  histogramWsgate: '会话时长（wsgate）',
  findings: '发现的问题',
  verdict: (ok, errors, warnings, info) => `${ok ? '通过' : '失败'}：${errors} 个错误，${warnings} 个警告，${info} 条提示`,
  progress: (source, mb, total, percent, lines) => `正在读取 ${source}：${mb} MB${total !== null ? ` / ${total} MB（${percent}%）` : ''}，${lines} 行`,
};
