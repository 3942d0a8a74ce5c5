/**
 * The path findings of path-findings.ts in Chinese (zh-CN), for `wsgate doctor --lang zh-CN`
 * and the console in a Chinese browser. Same codes, same severities, same data; only the
 * words differ (remedies from remedies.zh-CN.ts).
 */
import { describeCloseCodeZh } from '../protocol/index.js';
import type { CdnProvider } from './hops.js';
import { dataText as str, formatSeconds as secs, pathKindOf as kind, type PathFindingTable } from './path-findings.js';
import { remedyFor } from './remedies.js';
import { CDN_NAMES_ZH, REMEDY_WORDS_ZH } from './remedies.zh-CN.js';

/** The same caveats as `lateLoop` in path-findings.ts: a lazy hop timer, a late event loop (docs/doctor.md). */
function lateLoopZh(d: Record<string, unknown>): string {
  const u = Number(d.cutUncertaintyMs);
  const cut = Number(d.closedAfterMs);
  const lazy = Number(d.lazyTimerMs ?? 0);
  const lazyText = lazy > 0 ? `；若某一跳的计时器是惰性的，实际可能再长最多 ${secs(lazy)}：服务端最后一次流量距前一次不足 0.3 s，nginx 不会据此重新计时` : '';
  if (!(u - lazy > cut * 0.1)) return lazyText;
  return `${lazyText}；误差 ±${secs(u - lazy)}：doctor 自身的事件循环最多延迟了 ${secs(Number(d.loopLagMs ?? u))}（机器繁忙），请在较空闲时重新运行`;
}

const REJECT_CAUSES_ZH: Record<string, string> = {
  'upgrade-not-forwarded': 'Upgrade 头没有到达 WebSocket 服务（某个代理转发成了普通 GET）',
  'bad-gateway': '某个代理或 CDN 连不上它后面的 WebSocket 服务',
  'not-found': '没有服务处理这个路径',
  forbidden: '被拒绝：WAF、访问规则或应用本身不允许',
  unavailable: '服务正在排空、过载或维护中',
  'method-not-allowed': '该端点不接受 GET',
  other: '服务端拒绝了升级',
};

/** PATH_FINDINGS in Chinese: the same codes and severities. */
export const PATH_FINDINGS_ZH: PathFindingTable = {
  TCP_REFUSED: {
    severity: 'error',
    title: '连接被拒绝',
    message: (d) => `${str(d.address)}:${str(d.port)} 拒绝了连接（没有程序在监听，或防火墙拒绝）`,
    remedy: (d) => `在端口 ${str(d.port)} 上启动服务或代理，或在防火墙/安全组中放行该端口；并核对 URL 中的端口`,
  },
  HANDSHAKE_TIMEOUT: {
    severity: 'error',
    title: '升级超时',
    message: (d) => `连接已建立，但 ${secs(d.timeoutMs)} 内没有收到 HTTP 应答`,
    remedy: () => '有程序接受了连接却不回 HTTP：服务挂起、代理在等一个已失效的上游（它的连接超时），或用 ws:// 连了 TLS 端口',
  },
  HANDSHAKE_REJECTED: {
    severity: 'error',
    title: '升级被拒绝',
    message: (d) =>
      `升级请求得到 ${str(d.status)}${d.statusText ? ` ${str(d.statusText)}` : ''}：${REJECT_CAUSES_ZH[str(d.cause, 'other')] ?? REJECT_CAUSES_ZH.other}${d.cause === 'upgrade-not-forwarded' && d.answeredBy ? `（应答方：${str(d.answeredBy)}）` : ''}`,
    remedy: (d) => {
      switch (d.cause) {
        case 'upgrade-not-forwarded':
          return remedyFor('upgrade-not-forwarded', kind(d), REMEDY_WORDS_ZH);
        case 'bad-gateway':
          return remedyFor('bad-gateway', kind(d), REMEDY_WORDS_ZH);
        case 'not-found':
          return '检查路径（如 /api/ws/chat），以及 Ingress/代理是否把它路由到了 WebSocket 服务（Spring Cloud Gateway：使用 `ws://` 或 `lb:ws://` 路由）';
        case 'forbidden':
          return d.cdn ? `查看 ${CDN_NAMES_ZH[d.cdn as CdnProvider] ?? str(d.cdn)} 的 WAF/防火墙事件中这次请求的记录，并检查 token` : '检查 token，以及服务前面的 WAF 或 IP 白名单';
        case 'unavailable':
          return '服务正在排空或已满：按 Retry-After 稍后重试；若持续出现，检查容量和就绪状态';
        default:
          return '查看服务端和代理日志中这次请求的记录';
      }
    },
  },
  AUTH_REJECTED: {
    severity: 'error',
    title: '认证被拒绝',
    message: (d) =>
      d.closeCode !== undefined
        ? `服务端接受了连接，随即以 ${describeCloseCodeZh(Number(d.closeCode))} 关闭${d.reason ? `（"${str(d.reason)}"）` : ''}`
        : `升级请求得到 ${str(d.status)}：token 被拒绝`,
    remedy: (d) =>
      d.tokenSource === 'none'
        ? '请求没有带 token：像客户端那样用 --token（或 URL 中的 ?token=）传入一个'
        : 'token 缺失、无效或已过期：换一个新的，并检查服务端的 token 设置（密钥、签发方、时钟）与签发方一致；客户端应只刷新一次 token，而不是循环重试',
  },
  CLOSED_AFTER_OPEN: {
    severity: 'error',
    title: '连接打开后立即关闭',
    message: (d) => `WebSocket 打开后 ${str(d.afterMs)} 毫秒即结束，${describeCloseCodeZh(Number(d.closeCode ?? 1006))}${d.reason ? `（"${str(d.reason)}"）` : '，没有原因'}`,
    remedy: (d) =>
      Number(d.closeCode ?? 1006) === 1006
        ? '连接没有关闭帧就断了：查看服务端日志中连接时的崩溃或异常，以及会丢弃已升级连接的代理（指南中的「连接立即断开（1006）」）'
        : '看关闭码和原因：这是服务端有意结束的会话，请查看它的日志',
  },
  NO_PONG: {
    severity: 'error',
    title: '没有 pong',
    message: (d) => `文本 "ping" 在 ${secs(d.timeoutMs)} 内没有收到 "pong"`,
    remedy: () => '让服务端对文本帧 "ping" 回复 "pong"（wsgate serve 会这样做），或让客户端使用服务端自己的心跳；若服务端确实会回复，说明消息没能穿过这条路径',
  },
  IDLE_TIMEOUT: {
    severity: 'warning',
    title: '空闲连接被切断',
    message: (d) => `一个静默的连接在 ${secs(d.closedAfterMs)} 后被切断（${describeCloseCodeZh(Number(d.closeCode ?? 1006))}）${lateLoopZh(d)}`,
    remedy: (d) => `让流量间隔小于 ${secs(typeof d.closedAfterMs === 'number' ? d.closedAfterMs / 2 : undefined)}，或调大上限：${remedyFor('idle', kind(d), REMEDY_WORDS_ZH)}`,
  },
  FALLBACK_WORKS: {
    severity: 'warning',
    title: 'WebSocket 被拦截；SSE 回退可用',
    message: () => 'WebSocket 在这里被拦截；wsgate 客户端会回退到 SSE：能用，但更慢',
    remedy: (d) => `放行升级请求即可恢复 WebSocket（客户端会自己切回来）：${remedyFor('upgrade-not-forwarded', kind(d), REMEDY_WORDS_ZH)}`,
  },
  FALLBACK_BUFFERED: {
    severity: 'error',
    title: 'SSE 回退被憋住了',
    message: (d) =>
      `路径上有东西把 SSE 事件憋住了：${
        d.delayMs === null || d.delayMs === undefined
          ? `${secs(d.waitMs)} 内${d.stage === 'headers' ? '连响应头都没有到达' : d.stage === 'hello' ? '连 hello 都没有到达' : ' ping 没有收到回复'}`
          : `ping 的回复用了 ${str(d.delayMs)} ms`
      }${d.cause === 'compression' ? (d.contentEncoding ? `（流是压缩后返回的：Content-Encoding ${str(d.contentEncoding)}）` : '（要求不压缩时就能流动：有一跳在压缩它）') : ''}`,
    remedy: (d) => remedyFor(d.cause === 'compression' ? 'sse-compression' : 'sse-buffering', kind(d), REMEDY_WORDS_ZH),
  },
  FALLBACK_UNAVAILABLE: {
    severity: 'info',
    title: '这里也没有 SSE 回退',
    message: (d) => `经过这条路径的 SSE 回退${d.status ? `得到了 HTTP ${str(d.status)}` : `失败：${str(d.error)}`}，所以客户端也无法回退`,
    remedy: (d) =>
      d.status === 404
        ? '像 WebSocket 路径那样路由 `<path>/sse` 和 `<path>/send`（wsgate 服务端就在 WebSocket 路径旁边应答它们；docs/protocol.md）'
        : d.status === 401 || d.status === 403
          ? '凭据被拒绝：传入有效的 --token'
          : '先修好 WebSocket 路径（见上）；回退走的是同一批代理',
  },
};
