/**
 * The remedies of remedies.ts in Chinese (zh-CN): by topic, CDN and proxy. CDN remedies use
 * each provider's Chinese console menu names where their docs give them, and say what to look
 * for where not (docs/i18n.md lists the sources).
 */
import type { CdnProvider } from './hops.js';
import type { RemedyWords } from './remedies.js';

// Plain string literals only at the top level (no `${}`): bundlers then know the tables are
// free of side effects and leave them out of bundles that do not use them (wsgate/client).

/** Remedy words in Chinese, by topic, CDN and proxy (the English ones are REMEDY_WORDS). */
export const REMEDY_WORDS_ZH: RemedyWords = {
  cdnUpgrade: {
    cloudflare: 'Cloudflare：仪表板 → 选择域名 → 网络（Network）→ 打开 WebSockets 开关（该 DNS 记录须为已代理，即橙色云朵）；或让 WebSocket 走单独的「仅 DNS」（灰色云朵）子域名，如 ws.example.com',
    cloudfront: 'CloudFront：给 WebSocket 路径单独设一个缓存行为，禁用缓存，并使用转发全部查看器标头的源请求策略（托管策略 AllViewer），让 Upgrade 和 Sec-WebSocket-* 到达源站',
    akamai: 'Akamai：在 Property Manager 的属性中为该路径启用 WebSockets 行为（behavior）',
    fastly: 'Fastly：为服务启用 WebSockets，并在 vcl_recv 中用 `return(upgrade);` 透传请求',
    azure: 'Azure Front Door：使用标准版/高级版（支持 WebSocket），并在 WebSocket 路由上禁用缓存',
    alibaba:
      '阿里云：WebSocket 需要全站加速 DCDN（动态加速）。DCDN 控制台 → 域名管理 → 在域名的操作列点「配置」→ 加速规则中开启「动态加速」→ 左侧点 WebSocket → 开启，再点「修改」设置「心跳时间」和「回源协议」；WebSocket 不能与 WAF 或 HTTP/2 同时开启。若在 CDN 控制台 → 域名管理 → 配置 → 回源配置 下找到了 WebSocket 开关（指南写的路径），就在那里开启；找不到就说明该域名需要改用 DCDN',
    tencent:
      '腾讯云 CDN/ECDN：控制台 → 域名管理 → 点域名右侧「管理」→ 高级配置 → 找到「WebSocket 超时配置」，打开开关并设置超时时间；EdgeOne：在站点的加速/规则配置中查找 WebSocket 开关并打开',
    qiniu: '七牛云：七牛云控制台 → CDN → 域名管理 → 选择域名 → 在高级配置中查找 WebSocket 开关并打开；找不到时提交工单申请开通',
  },
  cdnIdle: {
    cloudflare: 'Cloudflare 会切断空闲约 100 秒的 WebSocket（仅企业版可调）：让服务端心跳远小于它（如每 25–30 秒一次）',
    cloudfront: 'CloudFront 会关闭空闲 10 分钟的 WebSocket（不可调）：心跳间隔要远小于它',
    akamai: 'Akamai：心跳间隔要远小于属性（property）的空闲超时',
    fastly: 'Fastly：心跳间隔要远小于服务的空闲超时',
    azure: 'Azure Front Door 会关闭空闲 5 分钟的 WebSocket（最长存活 4 小时）：心跳间隔要远小于 5 分钟',
    alibaba: '阿里云 DCDN：在域名的 WebSocket 配置中点「修改」调大「心跳时间」（默认 60 秒），并让心跳间隔小于它',
    tencent: '腾讯云 CDN/EdgeOne：WebSocket 超时开关关闭时，空闲上限只有 15 秒；在 高级配置 → WebSocket 超时配置 中打开开关，把超时时间设到最多 300 秒，并让心跳间隔小于它',
    qiniu: '七牛云：心跳间隔要远小于空闲上限（如每 25 秒一次），并向七牛云技术支持询问该域名的 WebSocket 超时时间',
  },
  proxyUpgrade: {
    nginx: 'nginx：在 location 中加入 `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`，并在 http {} 中加入 `map $http_upgrade $connection_upgrade { default upgrade; "" close; }`。ingress-nginx 会自行转发 Upgrade，不需要任何 WebSocket 注解或 snippet：请检查 Ingress 的路径和后端 Service',
    openresty: 'OpenResty/nginx：在 location 中加入 `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`',
    tengine: 'Tengine/nginx：在 location 中加入 `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`',
    haproxy: 'HAProxy：在 `mode http` 下升级请求默认放行；确认没有 `http-request del-header`/`set-header` 规则改动 Connection 或 Upgrade，且后端就是 WebSocket 服务',
    alb: 'AWS ALB 原生转发 WebSocket：请检查监听器规则把该路径转发到了 WebSocket 目标组',
    caddy: 'Caddy 默认代理 WebSocket：请检查 reverse_proxy 的上游是 WebSocket 服务，且没有 header_up 删掉 Upgrade',
    envoy: 'Envoy：在 HTTP 连接管理器或路由上加入 `upgrade_configs: [{upgrade_type: websocket}]`',
    traefik: 'Traefik 默认转发 WebSocket：请检查路由（router）把该路径发到了 WebSocket 服务',
  },
  proxyIdle: {
    nginx: 'nginx：在 WebSocket 的 location 中调大 `proxy_read_timeout` 和 `proxy_send_timeout`（默认 60 秒），例如 3600s；ingress-nginx：注解 `nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"` 和 `nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"`',
    openresty: 'OpenResty/nginx：调大 `proxy_read_timeout` 和 `proxy_send_timeout`（默认 60 秒），例如 3600s',
    tengine: 'Tengine/nginx：调大 `proxy_read_timeout` 和 `proxy_send_timeout`（默认 60 秒），例如 3600s',
    haproxy: 'HAProxy：升级之后由 `timeout tunnel` 取代 client/server 超时：设置 `timeout tunnel 1h`（haproxytech ingress：注解 `haproxy.org/timeout-tunnel`）',
    alb: 'AWS ALB：调大负载均衡器属性 `idle_timeout.timeout_seconds`（默认 60，最大 4000）',
    envoy: 'Envoy：调大路由的 `idle_timeout` / `stream_idle_timeout`',
  },
  genericUpgrade: '让每一跳都以 HTTP/1.1 转发 Upgrade 和 Connection 头（nginx：`proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`；ingress-nginx 会自行处理）',
  genericIdle:
    '让服务端以远小于实测切断时间一半的间隔发送心跳，或在切断连接的那一跳上调大空闲超时（nginx `proxy_read_timeout`、ingress-nginx 注解 `proxy-read-timeout`、HAProxy `timeout tunnel`、ALB `idle_timeout.timeout_seconds`）',
  sse: {
    nginxCompression: 'nginx：把 `text/event-stream` 从 `gzip_types` 中去掉（或在 WebSocket 的 location 中写 `gzip off;`）：开启缓冲时 nginx 会先压缩进缓冲区，满了才发出。wsgate 发送了 `Cache-Control: no-transform`，但 nginx 不理会它',
    genericCompression: '对这个路径上的 `text/event-stream` 响应关闭压缩：做压缩的那一跳会把事件攒到缓冲区满了才发出。wsgate 发送了 `Cache-Control: no-transform`，但这一跳没有理会',
    nginxBuffering: 'nginx：在 WebSocket 的 location 中写 `proxy_buffering off;`，并且不要丢掉 wsgate 发送的 `X-Accel-Buffering: no`（不要写 `proxy_ignore_headers X-Accel-Buffering`）',
    genericBuffering: '在代理或 CDN 上关闭这个路径的响应缓冲：它必须把流式响应边收边转发（wsgate 会发送 `X-Accel-Buffering: no` 和 `Cache-Control: no-cache, no-transform`）',
  },
  badGateway: {
    cdn: (cdn, upgrade) => `${CDN_NAMES_ZH[cdn] ?? cdn} 边缘节点没有从源站得到正常应答：检查源站在 CDN 使用的地址和端口上有应答（加 --origin <地址> 再运行一次可直接测试源站），然后：${upgrade}`,
    nginx: 'nginx 连不上上游：检查上游进程在运行、`proxy_pass` 的地址和端口，以及 error.log（ingress-nginx：`kubectl get endpoints <service>` 和控制器日志）',
    haproxy: 'HAProxy 的后端没有健康的服务器：检查后端地址、`timeout connect` 和健康检查',
    proxy: (proxy) => `${proxy} 代理连不上上游：检查上游的地址、端口和健康状态`,
    generic: '路径上的某个代理连不上 WebSocket 服务：检查上游在运行，且代理指向正确的地址和端口',
  },
};

/** The CDN names as a Chinese reader knows them (provider ids stay in the data). */
export const CDN_NAMES_ZH: Readonly<Record<CdnProvider, string>> = {
  cloudflare: 'Cloudflare',
  cloudfront: 'AWS CloudFront',
  akamai: 'Akamai',
  fastly: 'Fastly',
  azure: 'Azure Front Door',
  alibaba: '阿里云',
  tencent: '腾讯云',
  qiniu: '七牛云',
};
