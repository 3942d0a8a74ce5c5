/**
 * The doctor's catalog in Chinese (zh-CN): every code of catalog.ts with its title, message
 * and remedy. The codes a browser can also observe come from protocol's PATH_FINDINGS_ZH,
 * as the English catalog takes them from PATH_FINDINGS. Commands, flags and config names stay
 * as they are typed.
 */
import { CDN_NAMES_ZH, KNOWN_LIMITS_ZH, PATH_FINDINGS_ZH, REMEDY_WORDS_ZH, dataText as str, formatSeconds as secs, pathKindOf as kind, remedyFor, type CdnProvider } from '../knowledge/index.js';
import type { Translation, Wording } from '../findings/index.js';
import { evidenceZh } from './phrases.zh-CN.js';

type D = Record<string, unknown>;

function words(title: string, message: (d: D) => string, remedy: (d: D) => string): Wording<D> {
  return { title, message, remedy };
}

const cdnName = (v: unknown): string => CDN_NAMES_ZH[v as CdnProvider] ?? str(v);
const list = (v: unknown): string => (Array.isArray(v) ? v.join('，') : '');

export const DOCTOR_CATALOG_ZH: Translation = {
  TOKEN_IN_URL: words(
    'token 在 URL 中',
    (d) => `token 放在查询串里（?${str(d.param)}=…），CDN、代理和访问日志都会记录它`,
    () => '非浏览器客户端用 `Authorization: Bearer` 发送，或换成短期一次性票据（wsgate：先 POST /api/ws/ticket，再用 ?ticket=）；至少让这类日志不公开，并让 token 短期有效',
  ),
  PLAINTEXT_WS: words(
    '明文 ws://',
    () => 'URL 是 ws://（没有 TLS）：80 端口上的透明代理可能破坏升级，流量也可被读取',
    () => '除本地测试外都用 wss://，并配置证书（如 Let\'s Encrypt）',
  ),
  DNS_FAILED: words(
    'DNS 解析失败',
    (d) => `${str(d.host)} 无法解析：${str(d.error)}`,
    (d) => (d.dnsServer ? `检查该记录在 ${str(d.dnsServer)} 上存在` : '检查 DNS 记录已添加（nslookup/dig 该域名），以及本机能访问它的解析服务器；--dns-server <地址> 可指定解析服务器'),
  ),
  TCP_REFUSED: PATH_FINDINGS_ZH.TCP_REFUSED,
  TCP_TIMEOUT: words(
    '连接超时',
    (d) => `${str(d.address)}:${str(d.port)} 在 ${secs(d.timeoutMs)} 内没有应答（数据包被丢弃：防火墙、安全组，或地址错误）`,
    (d) => `在防火墙/安全组中为该客户端所在网络放行端口 ${str(d.port)}，并确认地址是服务器的（指南中的 \`telnet host ${str(d.port)}\`）`,
  ),
  TCP_UNREACHABLE: words(
    '地址不可达',
    (d) => `${str(d.address)}:${str(d.port)} 不可达：${str(d.error)}`,
    () => '检查到该地址的路由（常见原因是没有路由的 IPv6）和 DNS 记录',
  ),
  ADDRESS_UNREACHABLE: words(
    '部分地址失败',
    (d) => `该主机的 ${str(d.total)} 个地址中有 ${str(d.failed)} 个不接受连接（${str(d.addresses)}）；选中它们的客户端会失败`,
    () => '从 DNS 中删除失效的地址（旧的 A/AAAA 记录、服务器没有监听的 IPv6 地址），或让服务器监听这些地址',
  ),
  TLS_FAILED: words(
    'TLS 握手失败',
    (d) => `与 ${str(d.address)}:${str(d.port)} 的 TLS 握手失败：${str(d.error)}`,
    () => '检查该端口提供 TLS（明文 HTTP 端口对 TLS 只会回乱码，那就用 ws://），并支持 TLS 1.2 或更高版本',
  ),
  TLS_UNTRUSTED: words(
    '证书不受信任',
    (d) => `证书链不受信任：${str(d.reason)}（主体 ${str(d.subject)}，签发者 ${str(d.issuer)}）`,
    () => '安装公共 CA 签发的证书（如通过 cert-manager 使用 Let\'s Encrypt），并带上完整证书链；私有 CA 用 --ca <文件> 传入；--insecure 可在此情况下继续检查其余路径',
  ),
  TLS_EXPIRED: words(
    '证书已过期',
    (d) => `证书已于 ${str(d.validTo)} 过期`,
    () => '续期证书（cert-manager：检查 Certificate 及其 issuer；certbot：`certbot renew`），然后重新加载服务或 Ingress',
  ),
  TLS_EXPIRING_SOON: words(
    '证书即将过期',
    (d) => `证书将于 ${str(d.validTo)} 过期（还有 ${str(d.days)} 天）`,
    () => '在过期前确认自动续期可用',
  ),
  TLS_HOSTNAME_MISMATCH: words(
    '证书域名不匹配',
    (d) => `证书不包含 ${str(d.host)}：${str(d.reason)}（证书中的名称：${str(d.altNames, '无')}）`,
    (d) => `签发 subjectAltName 包含 ${str(d.host)} 的证书（Ingress：把该主机加入 spec.tls[].hosts）`,
  ),
  HANDSHAKE_TIMEOUT: PATH_FINDINGS_ZH.HANDSHAKE_TIMEOUT,
  HANDSHAKE_NO_RESPONSE: words(
    '升级过程中连接被关闭',
    (d) => `在收到任何 HTTP 应答之前连接就被关闭了（${str(d.error)}）`,
    () => '服务端或某个代理丢弃了请求：查看它的日志；用 ws:// 连只提供 TLS 的端口（或反过来）也会这样',
  ),
  HANDSHAKE_NOT_HTTP: words(
    '应答不是 HTTP',
    (d) => `服务端对升级请求的应答不是 HTTP（${str(d.detail)}）`,
    (d) => `检查端口：那里监听的是${d.secure ? '非 TLS 的' : ' TLS（请用 wss://）或非 HTTP 的'}服务（用 ws:// 连 wss:// 端口会收到 TLS 字节）`,
  ),
  HEARTBEAT_OVER_CDN_LIMIT: words(
    '心跳慢于已知的空闲上限',
    (d) => {
      const known = KNOWN_LIMITS_ZH[str(d.hop)];
      const note = d.note ? known?.note ?? str(d.note) : undefined;
      return `服务端每 ${secs(d.heartbeatIntervalMs)} 一次的心跳不小于 ${known?.hop ?? str(d.hop)} 已知的空闲上限 ${secs(d.limitMs)}${note ? `（${note}）` : ''}：静默的连接会被断开`;
    },
    (d) => `把服务端心跳设得远小于 ${secs(d.limitMs)}（wsgate serve --ping-interval ${Math.max(1, Math.floor(Number(d.limitMs) / 2000))}s），或调大上限：${remedyFor('idle', kind(d), REMEDY_WORDS_ZH)}；加 --idle 运行可实测真实的切断时间`,
  ),
  HANDSHAKE_REDIRECT: words(
    '升级被重定向',
    (d) => `升级请求得到 ${str(d.status)} → ${str(d.location, '（没有 Location）')}；WebSocket 客户端不会跟随重定向`,
    (d) => `直接连接最终的 URL${d.location ? `（${str(d.location)}）` : ''}，或不再重定向该路径（常见原因是 http→https 重定向或缺少结尾的斜杠）`,
  ),
  HANDSHAKE_REJECTED: PATH_FINDINGS_ZH.HANDSHAKE_REJECTED,
  FALLBACK_WORKS: PATH_FINDINGS_ZH.FALLBACK_WORKS,
  FALLBACK_BUFFERED: PATH_FINDINGS_ZH.FALLBACK_BUFFERED,
  FALLBACK_UNAVAILABLE: PATH_FINDINGS_ZH.FALLBACK_UNAVAILABLE,
  HANDSHAKE_INVALID_ACCEPT: words(
    'Sec-WebSocket-Accept 错误',
    (d) => `101 应答${d.accept ? `带的 Sec-WebSocket-Accept 是 "${str(d.accept)}"，与发送的 key 不对应` : '缺少 Sec-WebSocket-Accept'}${d.upgradeHeader !== undefined ? `（Upgrade：${str(d.upgradeHeader, '缺失')}）` : ''}；客户端会拒绝它（RFC 6455 §4.2.2）`,
    () => '有中间设备代答或改写了握手：让 WebSocket 服务自己应答升级，并原样透传它的头',
  ),
  AUTH_REJECTED: PATH_FINDINGS_ZH.AUTH_REJECTED,
  CLOSED_AFTER_OPEN: PATH_FINDINGS_ZH.CLOSED_AFTER_OPEN,
  NO_HELLO: words(
    '没有 hello 帧',
    () => '连接打开后服务端没有发送 wsgate 的 hello 帧（不是 wsgate 服务，或协议较旧），因此不知道它的心跳间隔',
    () => '非 wsgate 服务无需处理；应用和心跳检查只依赖 ping/pong',
  ),
  NO_PONG: PATH_FINDINGS_ZH.NO_PONG,
  IDLE_TIMEOUT: PATH_FINDINGS_ZH.IDLE_TIMEOUT,
  HEARTBEAT_INSUFFICIENT: words(
    '心跳对这条路径太慢',
    (d) => `服务端每 ${secs(d.heartbeatIntervalMs)} 一次的心跳赶不上路径在 ${secs(d.closedAfterMs)} 时的空闲切断：静默的连接会被断开`,
    (d) => `把服务端心跳设到切断时间的一半以下（wsgate serve --ping-interval ${Math.max(1, Math.floor(Number(d.closedAfterMs) / 2000))}s 或更短），或调大上限：${remedyFor('idle', kind(d), REMEDY_WORDS_ZH)}`,
  ),
  LIFETIME_LIMIT: words(
    '有心跳的连接也被切断',
    (d) => `每 ${secs(d.heartbeatIntervalMs)} 发一次心跳的连接仍在 ${secs(d.closedAfterMs)} 后被切断：路径限制的是连接的存活时间，而不是空闲时间`,
    () => '某一跳不论是否空闲都会切断 WebSocket（GCP 经典负载均衡器的后端超时、最长存活时间设置、Azure Front Door 的 4 小时）：调大该超时，并让客户端以带抖动的退避重连',
  ),
  CDN_DETECTED: words(
    '路径上有 CDN',
    (d) => `路径上有 ${cdnName(d.provider)}${d.product ? `（${str(d.product)}）` : ''}：${Array.isArray(d.evidence) ? d.evidence.map((e) => evidenceZh(String(e))).join('；') : ''}`,
    (d) => `${remedyFor('idle', { cdn: d.provider as CdnProvider }, REMEDY_WORDS_ZH)}。要确认是不是 CDN 的问题，加 --origin <源站 IP> 再运行一次（即指南中改 hosts 文件的测试）`,
  ),
  CDN_PATH_BROKEN: words(
    '经 CDN 失败，直连源站正常',
    (d) => `直连源站（${str(d.origin)}）全部通过，但经过 ${d.cdn ? cdnName(d.cdn) : '正常路径'} 失败（${list(d.codes)}）`,
    (d) => (d.cdn ? `问题在 CDN 配置：${remedyFor('upgrade-not-forwarded', { cdn: d.cdn as CdnProvider }, REMEDY_WORDS_ZH)}` : '问题在客户端和源站之间（CDN、DNS 或前面的代理）：对比两份报告；或让 WebSocket 走单独的仅 DNS 域名'),
  ),
  ORIGIN_PATH_BROKEN: words(
    '直连源站失败',
    (d) =>
      d.mainOk
        ? `直连源站（${str(d.origin)}）失败（${list(d.codes)}），而正常路径可用`
        : `直连源站（${str(d.origin)}）同样失败（${list(d.codes)}）：问题不（只）在 CDN`,
    (d) => (d.mainOk ? '如果源站只接受 CDN 的地址（这是好做法），这是正常的；否则检查 --origin 指向的是源站及其端口' : '先修好源站（见源站报告），再测试 CDN 路径'),
  ),
  CHECK_CRASHED: words(
    '检查项崩溃',
    (d) => `一项 doctor 检查因内部错误失败：${str(d.error)}`,
    () => '这是 wsgate 的缺陷：请附上命令行（去掉 token）和 WSGATE_DEBUG=1 的输出报告它',
  ),
};
