/**
 * The doctor's one-line check summaries and checklist notes in Chinese. Checks write these
 * lines in English as they run; this phrasebook matches each form and says it in Chinese,
 * translating the lines nested inside (a checklist note quoting a check's summary). A line
 * no phrase matches stays as it is: test/catalog-languages.test.ts runs the doctor's fixture
 * paths in Chinese and fails on any English line left, so a changed summary is caught.
 */
import { CDN_NAMES_ZH, type CdnProvider } from '../knowledge/index.js';

const cdn = (id: string): string => CDN_NAMES_ZH[id as CdnProvider] ?? id;

type Phrase = readonly [RegExp, (m: RegExpExecArray, zh: (text: string) => string) => string];

const PHRASES: readonly Phrase[] = [
  // run.ts
  [/^skipped: (\S+) failed$/, (m) => `已跳过：${m[1]} 失败`],
  [/^internal error: (.*)$/s, (m) => `内部错误：${m[1]}`],
  [/^on the origin path: (.*)$/s, (m, zh) => `在源站路径上：${zh(m[1]!)}`],
  [/^(.*); on the origin path it works \((.*)\)$/s, (m, zh) => `${zh(m[1]!)}；在源站路径上正常（${zh(m[2]!)}）`],
  // checks/url.ts, dns.ts, tcp.ts, tls.ts
  [/^(wss?:\/\/\S*) → port (\d+)$/, (m) => `${m[1]} → 端口 ${m[2]}`],
  [/^pinned to (.*) \((--origin|--resolve)(, no DNS lookup)?\)$/, (m) => `固定为 ${m[1]}（${m[2]}${m[3] ? '，未查询 DNS' : ''}）`],
  [/^IP address, no lookup$/, () => 'IP 地址，无需解析'],
  [/^(\S+) connected in ([\d.]+) ms(?: \((\d+)\/(\d+) addresses\))?$/, (m) => `${m[1]} 连接用时 ${m[2]} ms${m[3] ? `（${m[3]}/${m[4]} 个地址可用）` : ''}`],
  [/^ws:\/\/ has no TLS$/, () => 'ws:// 没有 TLS'],
  [/^(TLSv[\d.]+)(, ALPN \S+)?, (trusted|NOT trusted), expires (.*), (\d+) ms$/, (m) => `${m[1]}${m[2] ?? ''}，${m[3] === 'trusted' ? '受信任' : '不受信任'}，到期 ${m[4]}，${m[5]} ms`],
  // checks/upgrade.ts
  [/^no answer in (\d+) ms$/, (m) => `${m[1]} ms 内没有应答`],
  [/^(\d{3})((?: [^(]+?)?) in (\d+) ms(?: \(server: (.*)\))?$/, (m) => `${m[1]}${m[2] ?? ''}，用时 ${m[3]} ms${m[4] ? `（server：${m[4]}）` : ''}`],
  // checks/cdn.ts
  [/^no CDN seen(?:; proxy: (\S+))?$/, (m) => `没有发现 CDN${m[1] ? `；代理：${m[1]}` : ''}`],
  [/^(\w+)((?: \(\w+\))?): (.*?)(?:; proxy: (\S+))?$/s, (m) => `${cdn(m[1]!)}${m[2] ?? ''}：${m[3]!.split('; ').map(evidenceZh).join('；')}${m[4] ? `；代理：${m[4]}` : ''}`],
  // checks/app.ts
  [/^closed after (\d+) ms with (\d+)(.*)$/s, (m) => `${m[1]} ms 后以 ${m[2]}${m[3]} 关闭`],
  [/^no pong in (\d+) ms$/, (m) => `${m[1]} ms 内没有 pong`],
  [/^hello \(heartbeat (\S+) ms\), ping → pong in ([\d.]+) ms$/, (m) => `hello（心跳 ${m[1]} ms），ping → pong 用时 ${m[2]} ms`],
  [/^no hello, ping → pong in ([\d.]+) ms$/, (m) => `没有 hello，ping → pong 用时 ${m[1]} ms`],
  // checks/auth.ts
  [/^401 on the upgrade \(token from (\w+)\)$/, (m) => `升级请求得到 401（token 来自 ${m[1]}）`],
  [/^403 on the upgrade \(see (\w+)\)$/, (m) => `升级请求得到 403（见 ${m[1]}）`],
  [/^closed with (\d+) after (\d+) ms$/, (m) => `${m[2]} ms 后以 ${m[1]} 关闭`],
  [/^accepted as user (.*)$/s, (m) => `已接受，用户 ${m[1]}`],
  [/^accepted$/, () => '已接受'],
  [/^nothing to judge: the connection did not get that far$/, () => '无从判断：连接没有走到这一步'],
  // checks/idle.ts
  [/^not measured; heartbeat (\d+) ms ≥ (.*)'s (\d+) ms default \(use --idle to measure\)$/, (m) => `未测量；心跳 ${m[1]} ms ≥ ${m[2]} 的默认值 ${m[3]} ms（加 --idle 测量）`],
  [/^not measured \(use --idle (\S+)\)$/, (m) => `未测量（加 --idle ${m[1]} 测量）`],
  [/^the connection does not stay open$/, () => '连接没有保持打开'],
  [/^could not open: (.*)$/s, (m) => `无法打开：${m[1]}`],
  [/^a silent connection lived (\d+) s without a cut$/, (m) => `静默连接存活了 ${m[1]} 秒，没有被切断`],
  [
    /^silent connection cut after ([\d.]+) s \((\d+)\)(?:; a (\d+) ms heartbeat (?:kept one alive ([\d.]+) s|(did not help)))?$/,
    (m) => `静默连接在 ${m[1]} 秒后被切断（${m[2]}）${m[3] ? (m[5] ? `；每 ${m[3]} ms 一次的心跳也没用` : `；每 ${m[3]} ms 一次的心跳让连接存活了 ${m[4]} 秒`) : ''}`,
  ],
  // checks/fallback.ts
  [/^not needed: the upgrade was not blocked by the path$/, () => '不需要：路径没有拦截升级请求'],
  [/^no (pong|headers|hello) within (\d+) ms \((compression|buffering)\)$/, (m) => `${m[2]} ms 内没有${m[1] === 'headers' ? '响应头' : m[1]}（${m[3] === 'compression' ? '压缩' : '缓冲'}）`],
  [/^pong after (\d+) ms \((compression|buffering)\)$/, (m) => `${m[1]} ms 后才收到 pong（${m[2] === 'compression' ? '压缩' : '缓冲'}）`],
  [/^stream request got HTTP (\d+)$/, (m) => `流请求得到 HTTP ${m[1]}`],
  [/^the stream opened; the send got HTTP (\d+)$/, (m) => `流已打开；发送请求得到 HTTP ${m[1]}`],
  [/^SSE works: hello in ([\d.]+) ms, ping → pong in ([\d.]+) ms$/, (m) => `SSE 可用：hello 用时 ${m[1]} ms，ping → pong 用时 ${m[2]} ms`],
  // checks/idle.ts progress lines
  [/^silent connection$/, () => '静默连接'],
  [/^heartbeat every (\d+) ms$/, (m) => `每 ${m[1]} ms 一次心跳`],
  // checklist.ts
  [/^the URL uses an IP address$/, () => 'URL 使用的是 IP 地址'],
  [/^not looked up: the address was pinned with (--origin\/--resolve|--origin|--resolve)$/, (m) => `未解析：地址已用 ${m[1]} 固定`],
  [/^(\S+) does not resolve$/, (m) => `${m[1]} 无法解析`],
  [/^DNS was not used for this path$/, () => '这条路径没有使用 DNS'],
  [/^no CDN seen in CNAMEs, headers or address ranges$/, () => 'CNAME、响应头和地址段中都没有发现 CDN'],
  [/^behind (\w+), which forwards the upgrade$/, (m) => `在 ${cdn(m[1]!)} 之后，它转发了升级请求`],
  [/^behind (\w+)(, and the upgrade fails)?$/, (m) => `在 ${cdn(m[1]!)} 之后${m[2] ? '，且升级失败' : ''}`],
  [/^101 Switching Protocols came back through every hop$/, () => '101 Switching Protocols 穿过了每一跳'],
  [/^the upgrade failed \((.*)\)$/s, (m, zh) => `升级失败（${zh(m[1]!)}）`],
  [/^see findings$/, () => '见发现的问题'],
  [/^the upgrade was not reached or failed for another reason \(see findings\)$/, () => '没有走到升级这一步，或因其他原因失败（见发现的问题）'],
  [/^the URL is ws:\/\/ \(no TLS\)$/, () => 'URL 是 ws://（没有 TLS）'],
  [/^see the TLS findings$/, () => '见 TLS 相关的问题'],
  [/^TLS was not reached$/, () => '没有走到 TLS 这一步'],
  [/^not reached$/, () => '没有走到这一步'],
  [/^the proxy answered (\d+): the upstream is unreachable$/, (m) => `代理返回 ${m[1]}：上游不可达`],
  [/^the application was not reached$/, () => '没有走到应用这一步'],
  [/^no idle cut within (\d+) s$/, (m) => `${m[1]} 秒内没有空闲切断`],
  [/^server heartbeat (\d+) ms (<|≥) idle cut (\d+) ms$/, (m) => `服务端心跳 ${m[1]} ms ${m[2]} 空闲切断 ${m[3]} ms`],
  [/^the path cuts idle connections after (\d+) ms; the client's heartbeat must beat that \(not visible from outside\)$/, (m) => `路径在 ${m[1]} ms 后切断空闲连接；客户端心跳必须比它更频繁（从外部看不到）`],
  [/^a client-side property; run with --idle to measure the cut a heartbeat must beat$/, () => '这是客户端的特性；加 --idle 运行可测出心跳必须赶在前面的切断时间'],
  [/^a client-side property, not visible from outside \(wsgate\/client reconnects with full-jitter backoff\)$/, () => '这是客户端的特性，从外部看不到（wsgate/client 以全抖动退避重连）'],
  [/^connected and exchanged ping\/pong \(([\d.]+|undefined) ms\)$/, (m) => `已连接并完成 ping/pong（${m[1]} ms）`],
  [/^the connection test did not succeed \(see findings\)$/, () => '连接测试没有成功（见发现的问题）'],
];

/**
 * One piece of CDN evidence (cdn.ts) in Chinese.
 * @example evidenceZh('header cf-ray: abc') // '响应头 cf-ray: abc'
 */
export function evidenceZh(item: string): string {
  const header = /^header (\S+): (.*)$/s.exec(item);
  if (header) return `响应头 ${header[1]}: ${header[2]}`;
  const range = /^address (\S+) is in (\w+)'s ranges \(list of (.*)\)$/.exec(item);
  if (range) return `地址 ${range[1]} 属于 ${range[2]} 的地址段（${range[3]} 的列表）`;
  return item;
}

/**
 * A summary or note in Chinese, or the line as it is when no phrase knows it.
 * @example summaryZh('skipped: tcp failed') // '已跳过：tcp 失败'
 */
export function summaryZh(text: string): string {
  for (const [re, say] of PHRASES) {
    const m = re.exec(text);
    if (m) return say(m, summaryZh);
  }
  return text;
}
