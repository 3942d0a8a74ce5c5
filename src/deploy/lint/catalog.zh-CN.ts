/**
 * The lint catalog in Chinese (zh-CN): every code of catalog.ts with its title, message and
 * remedy. Annotation, directive and file names stay as they are written in configs.
 */
import type { Translation, Wording } from '../../findings/index.js';

type D = Record<string, unknown>;
const s = (v: unknown) => String(v);
const obj = (d: D) => (d.object ? `（${s(d.object)}）` : '');

/** LOOK_ALIKES (ingress-nginx-annotations.ts) in Chinese, by annotation name; `data.lookAlike` holds the English. */
export const LOOK_ALIKES_ZH: Readonly<Record<string, string>> = {
  'websocket-services': '这是 nginx.org/websocket-services 的写法，属于 F5 NGINX Ingress Controller，是另一个控制器',
  'proxy-websocket': '没有对应的注解：ingress-nginx 默认就会代理 WebSocket',
};

const lookAlikeZh = (d: D): string => LOOK_ALIKES_ZH[String(d.annotation).split('/').pop() ?? ''] ?? `它看起来像 ${s(d.lookAlike)}`;

function words<T extends D = D>(w: Wording<T>): Wording<T> {
  return w;
}

export const LINT_CATALOG_ZH: Translation = {
  INGRESS_UNKNOWN_ANNOTATION: words({
    title: 'ingress-nginx 没有的注解',
    message: (d) => `${s(d.annotation)}${obj(d)} 不是 ingress-nginx 的注解，控制器会忽略它${d.lookAlike ? `（${lookAlikeZh(d)}）` : ''}`,
    remedy: (d) =>
      d.suggestion ? `是不是想写 ${s(d.suggestion)}？否则删掉它` : '删掉它：ingress-nginx 不需要任何注解就能代理 WebSocket，只有 proxy-read-timeout 和 proxy-send-timeout 有影响',
  }),
  INGRESS_SNIPPET_ANNOTATION: words({
    title: 'snippet 注解',
    message: (d) =>
      `${s(d.annotation)}${obj(d)} 自 ingress-nginx v1.9.0 起会被拒绝（allow-snippet-annotations 为 false，风险级别 Critical；CVE-2023-5044、CVE-2025-1974），所以该 Ingress 无法应用${d.setsUpgradeHeaders ? '；它设置的 Upgrade/Connection 头控制器本来就会设置' : ''}`,
    remedy: () => '删掉 snippet：控制器已经会设置 Upgrade 和 Connection；WebSocket 超时请用 proxy-read-timeout/proxy-send-timeout 注解',
  }),
  PROXY_TIMEOUT_TOO_LOW: words({
    title: '对 WebSocket 来说空闲超时太短',
    message: (d) =>
      `${s(d.directive)}${d.location ? `（位于 ${s(d.location)}）` : ''}${obj(d)} ${d.defaulted ? '没有设置，默认值为' : '为'} ${s(d.seconds)} 秒：静默这么久的 WebSocket 会被切断`,
    remedy: (d) => `把 ${s(d.directive)} 设为 3600 秒（或大于预期最长的静默时间），并让服务端心跳远小于路径上的每个空闲上限`,
  }),
  NGINX_UPGRADE_HEADERS_MISSING: words({
    title: 'nginx 没有转发升级头',
    message: (d) => `${s(d.location)} 代理了 WebSocket，却没有把 ${(d.missing as string[]).join(' 和 ')} 传给上游（逐跳头会被丢弃），所以握手失败`,
    remedy: () => '在 http{} 中加入 `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }`，并在 location 中加入 `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;`',
  }),
  NGINX_HTTP_VERSION: words({
    title: '对上游使用 HTTP/1.0',
    message: (d) => `${s(d.directive)}${d.location ? `（位于 ${s(d.location)}）` : ''}${obj(d)} 为 ${s(d.value)}：WebSocket 要求对上游使用 HTTP/1.1（nginx 1.29.7 之前默认是 1.0）`,
    remedy: (d) => (String(d.directive).startsWith('nginx.ingress') ? '删掉该注解（默认就是 1.1），或设为 "1.1"' : '在 location 中加入 `proxy_http_version 1.1;`'),
  }),
  PROBE_MISSING: words({
    title: '缺少探针',
    message: (d) => `${s(d.object)} 的容器 ${s(d.container)} 没有 ${(d.missing as string[]).join('，也没有 ')}：未就绪（或卡住）的 Pod 仍会收到 WebSocket`,
    remedy: () => '在对应端口上添加 readinessProbe（如 GET /readyz）和 livenessProbe（如 GET /healthz，Spring Boot 用 /actuator/health）',
  }),
  INGRESS_NGINX_RETIRED: words({
    title: 'ingress-nginx 已退役',
    message: (d) => `${s(d.object)} 由 ingress-nginx 提供服务，而它已经退役（2025-11-11 宣布；2026 年 3 月之后不再发布版本和安全修复）`,
    remedy: () => '计划迁移到 Gateway API 实现：`wsgate deploy k8s --gateway <name>` 会生成带超时的 HTTPRoute，以及 appProtocol 为 kubernetes.io/ws 的 Service',
  }),
  TLS_HOST_NOT_COVERED: words({
    title: '规则中的主机没有 TLS',
    message: (d) => `主机 ${s(d.host)}${obj(d)} 不在任何 tls.hosts 中（${(d.tlsHosts as string[]).join('、') || '无'}）：用 wss:// 访问它会拿到控制器的默认证书而失败`,
    remedy: (d) => `把 ${s(d.host)} 加入 spec.tls[].hosts（cert-manager 随后会为它签发证书）`,
  }),
  INGRESS_TLS_MISSING: words({
    title: 'WebSocket Ingress 没有 TLS',
    message: (d) => `${s(d.object)} 路由了 WebSocket${Array.isArray(d.hosts) && d.hosts.length ? `（${d.hosts.join('、')}）` : ''}，但没有 tls 配置：只有在该 Ingress 之前已终止 TLS 时 wss:// 才能用`,
    remedy: () => '添加带主机的 spec.tls 和 cert-manager.io/cluster-issuer 注解（`wsgate deploy k8s` 两者都会写），除非前面的负载均衡器负责终止 TLS',
  }),
  INGRESS_NGINX_SNIPPETS_ALLOWED: words({
    title: 'snippet 注解被重新打开',
    message: (d) => `${s(d.object)} 设置了 allow-snippet-annotations "true"：任何能创建 Ingress 的人都能注入 nginx 配置（CVE-2023-5044；CVE-2025-1974 "IngressNightmare"，CVSS 9.8）；annotations-risk-level 为 ${s(d.riskLevel)}`,
    remedy: () => '改回 "false"（自 v1.9.0 起的默认值）并删掉 snippet：WebSocket 一个也不需要',
  }),
  SERVICE_APP_PROTOCOL_MISSING: words({
    title: 'Gateway API 后端没有 appProtocol',
    message: (d) => `${s(d.object)} 的端口 ${s(d.port)} 是 ${s(d.route)} 的 WebSocket 后端，但${d.appProtocol ? `其 appProtocol 为 ${s(d.appProtocol)}` : '没有 appProtocol'}`,
    remedy: () => '在 Service 端口上设置 `appProtocol: kubernetes.io/ws`（配合 BackendTLSPolicy 时用 kubernetes.io/wss）；GEP-1911，自 Gateway API v1.2.0 起为标准',
  }),
  HAPROXY_TUNNEL_TIMEOUT_MISSING: words({
    title: 'HAProxy 没有 timeout tunnel',
    message: (d) => `${s(d.section)} 没有 \`timeout tunnel\`：升级后的 WebSocket 会退回使用 client/server 超时${d.fallbackSeconds !== undefined ? `（${s(d.fallbackSeconds)} 秒）` : ''}，空闲这么久就会被切断`,
    remedy: () => '在 defaults（或 backend）中加入 `timeout tunnel 1h`',
  }),
  CADDY_STREAM_CLOSE_DELAY_MISSING: words({
    title: 'Caddy 重载配置时会关闭 WebSocket',
    message: (d) => `${s(d.directive)} 没有 stream_close_delay：每次重载配置都会同时关闭它的所有 WebSocket，所有客户端一起重连`,
    remedy: () => '在 reverse_proxy 块中加入 `stream_close_delay 5m`（Caddy 2.7+）',
  }),
  PROXY_HTTP_VERSION_REDUNDANT: words({
    title: '多余的 proxy-http-version',
    message: (d) => `${s(d.annotation)}${obj(d)} 为 "1.1"，这本来就是 ingress-nginx 的默认值`,
    remedy: () => '删掉它',
  }),
  YAML_PARSE_ERROR: words({
    title: 'YAML 无法解析',
    message: (d) => `YAML 无法解析${d.documentLine !== undefined ? `（从第 ${s(d.documentLine)} 行开始的文档）` : ''}：${s(d.error)}`,
    remedy: () => '修正 YAML（缩进、引号）；该文件中的其他文档仍已检查',
  }),
  CONFIG_PARSE_ERROR: words({
    title: '配置无法解析',
    message: (d) => `${s(d.format)} 配置无法解析：${s(d.error)}`,
    remedy: (d) => `修正语法，然后用 ${d.format === 'nginx' ? '`nginx -t`' : d.format === 'caddy' ? '`caddy validate --adapter caddyfile`' : '`haproxy -c -f`'} 检查`,
  }),
  UNKNOWN_FORMAT: words({
    title: '无法识别的格式',
    message: () => '无法识别为 Kubernetes YAML、nginx.conf、haproxy.cfg 或 Caddyfile；未检查',
    remedy: () => '把文件命名为 *.yaml、*.conf（nginx）、*.cfg（HAProxy）或 Caddyfile',
  }),
  NO_CONFIG_FOUND: words({
    title: '没有可检查的内容',
    message: () => '该目录中没有 *.yaml、*.yml、*.json、*.conf、*.cfg 或 Caddyfile',
    remedy: () => '让 wsgate lint 指向配置文件或其所在目录',
  }),
  INPUT_UNREADABLE: words({
    title: '输入无法读取',
    message: (d) => `无法读取：${s(d.error)}`,
    remedy: () => '检查路径及其权限（退出码 2：检查不完整）',
  }),
};
