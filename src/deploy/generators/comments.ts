/**
 * The comments `wsgate deploy` writes into configs, and the one-line description of each
 * file, in every language (`--lang`, docs/i18n.md). Directives, keys and values never change
 * with the language; only the `#` lines and descriptions do.
 */
import type { Lang, Words } from '../../i18n/index.js';

interface Route {
  host: string;
  path: string;
  upstream: string;
}

export interface DeployComments {
  nginxHeader(r: Route): string;
  nginxHttp11: string;
  nginxIdle: string;
  haproxyHeader(r: Route): string;
  haproxyTunnel: string;
  caddyHeader(r: Route, autoTls: boolean): string;
  caddyCloseDelay: string;
  caddyOld(version: string): string;
  k8sHeader(h: { host: string; path: string; service: string; port: number; namespace: string; route: string; timeout: number }): string;
  k8sRoute(gateway: string | undefined, ingressClass: string): string;
  springHeader(h: { path: string; service: string; namespace: string; port: number }): string;
  dnsWhy: { site: string; ws: string };
  dnsProxy: { proxied: string; dnsOnly: string };
  dnsColumns: [string, string, string, string, string, string];
  dnsNotes(host: string, originIp: string): string[];
  description: Record<'nginx' | 'haproxy' | 'caddy' | 'spring' | 'dns', string>;
  k8sDescription(route: string): string;
  wrote(path: string, description: string): string;
}

export const DEPLOY_COMMENTS: Words<DeployComments> = {
  en: {
    nginxHeader: (r) => `wsgate deploy nginx: ${r.host}${r.path} → ${r.upstream}\nhttp-context file: include it inside http { } (e.g. /etc/nginx/conf.d/wsgate.conf).`,
    nginxHttp11: 'WebSocket needs HTTP/1.1 upstream (nginx < 1.29.7 defaults to 1.0) and the hop-by-hop upgrade headers.',
    nginxIdle: 'An idle WebSocket is cut after the read/send timeout (default 60s); keep it above the heartbeat gap.',
    haproxyHeader: (r) => `wsgate deploy haproxy: ${r.host}${r.path} → ${r.upstream}`,
    haproxyTunnel: 'idle limit of an upgraded WebSocket',
    caddyHeader: (r, autoTls) => `wsgate deploy caddy: ${r.host}${r.path} → ${r.upstream}${autoTls ? '\nCaddy gets and renews the certificate for this host by itself (ports 80 and 443 open).' : ''}`,
    caddyCloseDelay: 'a config reload closes WebSockets; this keeps them open for a while after one',
    caddyOld: (v) => `Caddy ${v} has no stream_close_delay (2.7+): a config reload closes every WebSocket`,
    k8sHeader: (h) =>
      [
        `wsgate deploy k8s: wss://${h.host}${h.path} → Service ${h.service}:${h.port} (namespace ${h.namespace})`,
        `Deployment + Service + ${h.route}; idle timeout ${h.timeout} s on every hop.`,
        `Apply: kubectl apply -f ${h.service}.yaml`,
      ].join('\n'),
    k8sRoute: (gateway, cls) => (gateway !== undefined ? `HTTPRoute on Gateway ${gateway}` : `Ingress (${cls})`),
    springHeader: (h) =>
      [
        ` wsgate deploy spring-gateway: route ${h.path} to ${h.service} over WebSocket (lb:ws://).`,
        ' lb:// needs Spring Cloud LoadBalancer with a discovery client (e.g. spring-cloud-kubernetes);',
        ` without one use uri: ws://${h.service}.${h.namespace}.svc.cluster.local:${h.port}.`,
        ' Spring Cloud Gateway 4.3+ (2025.0) reads routes from spring.cloud.gateway.server.webflux.routes.',
      ].join('\n'),
    dnsWhy: { site: 'the site, through the CDN', ws: 'WebSocket: DNS only, straight to the origin ingress' },
    dnsProxy: { proxied: 'proxied (CDN)', dnsOnly: 'DNS only' },
    dnsColumns: ['name', 'type', 'value', 'ttl', 'proxy', 'why'],
    dnsNotes: (host, ip) => [
      `Cloudflare: the ${host} record must show the grey cloud (DNS only).`,
      `Check: dig +short ${host} must print ${ip}, not a CDN address.`,
      `Open TCP 443 (and 80 for the ACME HTTP-01 challenge) to ${ip} in the firewall / security group.`,
    ],
    description: { nginx: 'nginx http-context config (conf.d/)', haproxy: 'complete haproxy.cfg', caddy: 'Caddyfile', spring: 'Spring Cloud Gateway route (application.yml)', dns: 'DNS record plan' },
    k8sDescription: (route) => `Deployment, Service and ${route}`,
    wrote: (path, description) => `wrote ${path}  (${description})`,
  },
  'zh-CN': {
    nginxHeader: (r) => `wsgate deploy nginx：${r.host}${r.path} → ${r.upstream}\nhttp 上下文的配置文件：在 http { } 内 include 它（如 /etc/nginx/conf.d/wsgate.conf）。`,
    nginxHttp11: 'WebSocket 需要对上游使用 HTTP/1.1（nginx 1.29.7 之前默认是 1.0），并转发逐跳的升级头。',
    nginxIdle: '空闲的 WebSocket 会在读/写超时（默认 60s）后被切断；它要大于心跳间隔。',
    haproxyHeader: (r) => `wsgate deploy haproxy：${r.host}${r.path} → ${r.upstream}`,
    haproxyTunnel: '升级后的 WebSocket 的空闲上限',
    caddyHeader: (r, autoTls) => `wsgate deploy caddy：${r.host}${r.path} → ${r.upstream}${autoTls ? '\nCaddy 会自行为该主机申请并续期证书（需开放 80 和 443 端口）。' : ''}`,
    caddyCloseDelay: '重载配置会关闭 WebSocket；这一项让它们在重载后继续保持一段时间',
    caddyOld: (v) => `Caddy ${v} 没有 stream_close_delay（2.7+ 才有）：重载配置会关闭所有 WebSocket`,
    k8sHeader: (h) =>
      [
        `wsgate deploy k8s：wss://${h.host}${h.path} → Service ${h.service}:${h.port}（命名空间 ${h.namespace}）`,
        `Deployment + Service + ${h.route}；每一跳的空闲超时都是 ${h.timeout} 秒。`,
        `应用：kubectl apply -f ${h.service}.yaml`,
      ].join('\n'),
    k8sRoute: (gateway, cls) => (gateway !== undefined ? `Gateway ${gateway} 上的 HTTPRoute` : `Ingress（${cls}）`),
    springHeader: (h) =>
      [
        ` wsgate deploy spring-gateway：把 ${h.path} 以 WebSocket（lb:ws://）路由到 ${h.service}。`,
        ' lb:// 需要 Spring Cloud LoadBalancer 和一个服务发现客户端（如 spring-cloud-kubernetes）；',
        ` 没有的话用 uri: ws://${h.service}.${h.namespace}.svc.cluster.local:${h.port}。`,
        ' Spring Cloud Gateway 4.3+（2025.0）从 spring.cloud.gateway.server.webflux.routes 读取路由。',
      ].join('\n'),
    dnsWhy: { site: '网站，走 CDN', ws: 'WebSocket：仅 DNS，直连源站 Ingress' },
    dnsProxy: { proxied: '代理（CDN）', dnsOnly: '仅 DNS' },
    dnsColumns: ['主机记录', '类型', '记录值', 'TTL', '代理状态', '用途'],
    dnsNotes: (host, ip) => [
      `Cloudflare：${host} 这条记录必须是灰色云朵（仅 DNS）。`,
      `检查：dig +short ${host} 必须输出 ${ip}，而不是 CDN 的地址。`,
      `在防火墙/安全组中向 ${ip} 放行 TCP 443（以及用于 ACME HTTP-01 验证的 80）。`,
    ],
    description: { nginx: 'nginx http 上下文配置（conf.d/）', haproxy: '完整的 haproxy.cfg', caddy: 'Caddy 配置（Caddyfile）', spring: 'Spring Cloud Gateway 路由（application.yml）', dns: 'DNS 记录规划' },
    k8sDescription: (route) => `Deployment、Service 和 ${route}`,
    wrote: (path, description) => `已写入 ${path}（${description}）`,
  },
};

/** The comments for the options' language (English unless `lang` says otherwise). */
export const commentsFor = (o: { lang?: Lang }): DeployComments => DEPLOY_COMMENTS[o.lang ?? 'en'];
