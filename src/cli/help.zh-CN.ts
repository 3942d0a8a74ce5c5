/**
 * `--help` in Chinese: each command's summary and usage text, the serve options and the
 * deploy targets, the twin of the English texts in commands/*.ts. Flags, defaults and
 * examples are the same; test/catalog-languages.test.ts checks every command, every serve
 * option and every flag of the English usage has its Chinese twin here.
 */
import { OPTION_KEYS, flagOf } from '../server/index.js';

/** The serve options, by option key (the English ones are HELP in commands/serve.ts). */
export const SERVE_OPTIONS_ZH: Readonly<Record<string, string>> = {
  host: '监听的地址（默认 0.0.0.0；开发模式即没有配置认证时为 127.0.0.1）',
  port: '端口（默认 8080；0 表示任一空闲端口）',
  path: 'WebSocket 路径（默认 /api/ws/chat）',
  tokens: '静态 token：<token>:<userId>[,…]',
  jwtSecret: 'JWT token 的 HS256 密钥（用户 = sub）',
  jwksUrl: 'RS256/ES256 JWT token 的 JWKS 地址',
  jwtIssuer: '要求的 JWT iss',
  jwtAudience: '要求的 JWT aud',
  introspectUrl: '不透明 token：带 Authorization: Bearer 发 GET，200 表示有效，body.id 为用户',
  introspectCacheTtl: 'introspection 结果的缓存时间（默认 30s）',
  ticketTtl: 'POST /api/ws/ticket 发出的一次性票据的有效期（默认 30s）',
  pingInterval: '协议 ping 的间隔，ms（默认 10000：低于腾讯云 CDN 15 秒的空闲上限）',
  heartbeatTimeout: 'pong 迟到这么久就关闭连接，ms（默认 10000）',
  maxMessage: '帧的最大字节数（默认 65536）；超过则以 1009 关闭',
  maxConnections: '本节点的最大连接数（默认 10000）；超过返回 503',
  maxConnectionsPerUser: '本节点每个用户的最大连接数（默认 20）；超过以 1013 关闭',
  maxSubscriptions: '每个连接最多订阅的频道数（默认 100）',
  maxBuffered: '消费过慢的上限：缓冲这么多字节后以 1013 关闭（默认 1mb）',
  rateLimit: '每个连接每秒的帧数（默认 20）',
  rateBurst: '每个连接的突发帧数（默认 40）',
  admissionRate: '本节点每秒的新连接数（默认 500）；超过返回 503 + Retry-After',
  admissionBurst: '新连接的突发数（默认 1000）',
  allowedOrigins: 'Origin 白名单，逗号分隔（https://a.com,https://*.b.com）；为空表示不限',
  drainWindow: '收到 SIGTERM 时把 1012 关闭分散到这么多 ms 内（默认 10000）',
  drainTimeout: '排空这么多 ms 后即使还有客户端也退出（默认 30000）',
  historySize: '每个频道为断线恢复保留的消息数（默认 100）',
  historyTtl: '消息和幂等键的保留时间，ms（默认 300000）',
  statsInterval: '每隔这么多 ms 记一行连接数日志（默认 60000；0 表示关闭）',
  logLevel: 'fatal|error|warn|info|debug|trace|silent（默认 info）',
  broker: 'memory（默认）或 redis://host:port（也支持 rediss://、redis+sentinel://、redis+cluster://）',
  brokerPrefix: 'Redis 键和 pub/sub 的前缀（默认 wsgate:）',
  brokerPresenceTtl: 'Redis：一个节点沉默这么久即视为失效并移出在线列表，ms（默认 15000）',
  nodeId: '本节点在日志和在线列表中的 id（默认 主机名-pid-随机数）',
  webRoot: '在 / 提供的网页控制台的构建目录（默认本包的 dist/web）',
  trustProxy: '从 X-Forwarded-For 取客户端地址（默认 true）',
  apiKey: '启用服务端 API（/api/publish 等）；调用方发送 Authorization: apikey <key>',
  apiKeyFile: '改为从这个文件的第一行读取 API key',
  proxyUrl: '后端的基础地址：钩子 POST 到 <url>/publish、/rpc、/connect、/subscribe',
  proxyPublish: '客户端发布时先交给后端的频道（通配：ai:*,support:*）',
  proxyConnect: '每个连接在 token 认证之后也要问一次后端（开关）',
  proxySubscribe: '订阅前必须先经后端允许的频道（通配）',
  proxyTimeout: '一个钩子最长可用的时间（默认 5s）；超时 → BACKEND_UNAVAILABLE',
  proxySecret: '对钩子的请求体签名：X-Wsgate-Signature: sha256=<HMAC-SHA256 十六进制>',
  sseHeartbeat: 'SSE 回退：每条流上每隔这么久发一行心跳，ms（默认 8000；最多 10000）',
  proxyConcurrency: '每个节点同时进行的钩子请求上限（默认 256）；超过则立即 → BACKEND_UNAVAILABLE',
};

/** The deploy targets, by name (the English ones are each target's `summary`). */
export const DEPLOY_TARGETS_ZH: Readonly<Record<string, string>> = {
  k8s: 'Deployment + Service + Ingress（ingress-nginx），或加 --gateway 生成 HTTPRoute',
  nginx: 'nginx http 上下文配置（升级 map、HTTP/1.1、超时）',
  haproxy: '带 timeout tunnel 的 haproxy.cfg',
  caddy: '带 reverse_proxy 和 stream_close_delay 的 Caddyfile',
  'spring-gateway': 'Spring Cloud Gateway 路由（lb:ws://）',
  dns: 'DNS 记录规划：网站走 CDN，ws 主机仅 DNS',
};

const serveUsage = (): string =>
  [
    '用法：wsgate serve [选项]',
    '',
    '运行聊天 WebSocket 服务。每个选项也可以用环境变量 WSGATE_<NAME> 设置（如',
    'WSGATE_PORT=9000）；参数优先于环境变量。时长可写 ms 或 10s/2m；大小可写字节数或 64kb。',
    '没有任何认证选项时为开发模式：会生成并打印一个开发用 token。',
    '',
    '选项：',
    ...OPTION_KEYS.map((k) => `  ${flagOf(k).padEnd(28)} ${SERVE_OPTIONS_ZH[k] ?? ''}`),
    '',
    '信号：SIGTERM/SIGINT 会排空（分批以 1012 关闭）并以 0 退出；第二次收到则立即停止。',
    '文档：docs/server.md、docs/protocol.md、docs/scaling.md（--broker redis://…）',
    '',
  ].join('\n');

const DOCTOR_USAGE = `用法：wsgate doctor <ws:// 或 wss:// 地址> [选项]

沿着到 WebSocket 端点的整条路径（URL、DNS、TCP、TLS、HTTP 升级、CDN、应用的 hello 和
ping/pong、认证，以及可选的空闲切断）逐步检查，并针对发现的 CDN 或代理说明哪里有问题、要改什么。

选项：
  --resolve <host:port:addr>   像 curl 一样，不查询 DNS 而直接对 host:port 连接 addr（可重复）：
                               即改 hosts 文件的测试，或测试一个没有 DNS 记录的 CDN 边缘节点
  --origin <addr[:port]>       同时绕过 CDN、以相同的 Host 和 SNI 直连源站运行每一项检查，并对比两条路径
  --token <token>              使用的 token（默认：URL 中的那个）
  --header 'Name: value'       额外的握手请求头（可重复）
  --origin-header 'Name: v'    只在源站路径上使用的额外握手请求头（可重复）
  --idle <时长>                保持一个静默连接最长这么久，测出路径的空闲切断时间（如 120s；
                               默认不测），再验证以其一半间隔发送的心跳能让连接活过它
  --dns-server <addr[:port]>   用这个服务器做 DNS 解析
  --ca <文件>                  除系统 CA 外再信任这个 CA（PEM）
  --insecure                   把 TLS 信任问题报告为警告并继续
  --timeout <时长>             每一步的超时（默认 10s）
  --json                       在标准输出打印 JSON 报告
  --report <file.md|file.html> 同时写出一份技术支持材料：发现的问题、检查清单、带耗时的路径、
                               DNS、原始握手（按 curl -v 的样子）、空闲探测、与源站的对比、
                               版本和时间；不含任何 token 的值
  --lang <en|zh-CN>            消息和修复建议的语言（默认取自 LC_ALL/LANG）；
                               代码、JSON 字段和退出码在任何语言下都相同

退出码：没有错误级别的问题为 0，有则为 1，用法错误为 2。
示例：
  wsgate doctor wss://ws.example.com/api/ws/chat?token=…
  wsgate doctor wss://example.com/api/ws/chat --origin 203.0.113.7 --idle 120s
  wsgate doctor wss://example.com/api/ws/chat --idle 120s --report support.html
`;

const LINT_USAGE = `用法：wsgate lint <文件|目录|->... [--json] [--format yaml|nginx|haproxy|caddy]

检查配置中会断开 WebSocket 的写法：Kubernetes YAML（多文档，以及
\`kubectl get ingress -A -o yaml | wsgate lint -\` 输出的 kind: List）、nginx.conf、
haproxy.cfg 和 Caddyfile。目录会递归读取（*.yaml、*.yml、*.json、*.conf、*.cfg、
Caddyfile）。每个问题都注明文件和行号。

选项：
  --json            以 JSON 输出报告（schemaVersion 1，findings[] 带 data.file/data.line）
  --format <格式>   把每个输入都当作这种格式，而不自动识别
  --lang <en|zh-CN> 消息和修复建议的语言（默认取自 LC_ALL/LANG）

退出码：0 没有错误级别的问题 · 1 有错误级别的问题 · 2 用法错误或输入无法读取
代码和修复建议：docs/lint.md
`;

const LOGS_USAGE = `用法：wsgate logs <文件|目录|->... [--json] [--format auto|ingress-nginx|nginx-combined|wsgate] [--path /前缀]

读取访问日志和 wsgate 自己的日志，说明是什么切断或拒绝了 WebSocket 会话：
都在同一时长结束的会话（代理或 CDN 的超时）、没有被转发的升级请求（400/426）、
按上游统计的上游错误（502/503/504）、客户端放弃（499），以及从 wsgate 的 JSON 日志中读出的
关闭码、认证失败、排空、心跳超时和消费过慢。每个问题都附有计数、示例行（文件:行号）和修复建议；
直方图显示会话时长的分布。

格式（除非给了 --format，否则逐行识别）：
  ingress-nginx    控制器默认的 "upstreaminfo" 访问日志
  nginx-combined   nginx 的 "combined"（末尾带 $request_time 时也能读取）
  wsgate           wsgate serve 的 JSON 行

选项：
  --json            以 JSON 输出报告（schemaVersion 1：summary、findings[]）
  --format <格式>   把每一行都当作这种格式读取
  --path <前缀>     把这个路径前缀也算作 WebSocket 路径（可重复；返回过 101 或形如
                    /ws、/socket.io … 的路径总是算在内）
  --lang <en|zh-CN> 消息和修复建议的语言（默认取自 LC_ALL/LANG）

目录会递归读取（*.log、*.txt、*.json，以及名字里带 "log" 或 "access" 的文件）；"-" 读取
标准输入：kubectl logs -n ingress-nginx deploy/ingress-nginx-controller | wsgate logs -
日志逐行读取（1 GB 的日志也只占有限内存）；无法解析的行会被计数。

退出码：0 没有错误级别的问题 · 1 有错误级别的问题 · 2 用法错误或输入无法读取
代码和修复建议：docs/logs.md
`;

const deployUsage = (targets: ReadonlyArray<{ name: string }>): string => `用法：wsgate deploy <目标> [选项]

生成能让 WebSocket 正常工作的配置，输出到标准输出或 --out <目录>。

目标：
${targets.map((t) => `  ${t.name.padEnd(15)} ${DEPLOY_TARGETS_ZH[t.name] ?? ''}`).join('\n')}
  all             以上全部（请配合 --out <目录>）

选项：
  --host <名称>            公开的 WebSocket 主机，仅 DNS（默认 ws.example.com）
  --service <名称>         Kubernetes Service/应用名（默认 ai-service）
  --port <n>               应用和 Service 的端口（默认 8080）
  --namespace <ns>         （默认 default）
  --path <前缀>            WebSocket 路径（默认 /api/ws/chat）
  --image <镜像>           容器镜像
  --replicas <n>           （默认 2）
  --tls-issuer <名称>      cert-manager ClusterIssuer（默认 letsencrypt-prod）
  --timeout <时长>         每一跳的空闲超时，如 3600s、1h（默认 3600s；纯数字为秒）
  --gateway <名称>         k8s：在这个 Gateway 上生成 HTTPRoute，而不是 Ingress（Gateway API）
  --gateway-namespace <ns> 该 Gateway 的命名空间
  --gateway-class <class>  同时生成 Gateway（HTTPS 监听器、cert-manager 证书）
  --ingress-class <class>  （默认 nginx）
  --liveness-path <路径>   （默认 /healthz；Spring Boot：/actuator/health/liveness）
  --readiness-path <路径>  （默认 /readyz；Spring Boot：/actuator/health/readiness）
  --wsgate                 镜像运行的是 \`wsgate serve\`：设置它的 WSGATE_PORT/PATH/DRAIN_* 环境变量
  --drain-window <时长>    服务端的 --drain-window（默认 10s）
  --drain-timeout <时长>   服务端的 --drain-timeout（默认 30s）：决定宽限期
  --upstream <host:port>   nginx/haproxy/caddy：应用地址（默认 127.0.0.1:8080）
  --listen <host:port>     nginx/haproxy/caddy：代理监听的地址（默认 :80；caddy：该主机，HTTPS）
  --tls-cert <文件> --tls-key <文件>   nginx/haproxy：用这两个文件终止 TLS
  --stream-close-delay <d> caddy：重载后让 WebSocket 再保持这么久（默认 5m）
  --caddy-version <v>      caddy：按这个版本生成（默认 2.7；更旧的版本没有 stream_close_delay）
  --origin-ip <ip>         dns：源站的公网地址（默认 203.0.113.10）
  --cdn-target <名称>      dns：网站在 CDN 上的 CNAME 目标
  --out <目录>             把文件写到 <目录> 下，而不是标准输出
  --lang <en|zh-CN>        写入配置的注释所用的语言（默认取自 LC_ALL/LANG）；指令和取值不变
`;

export interface HelpZh {
  summary: string;
  usage(targets: ReadonlyArray<{ name: string }>): string;
}

/** Each command's summary and usage in Chinese, by command name. */
export const HELP_ZH: Readonly<Record<string, HelpZh>> = {
  serve: { summary: '运行聊天 WebSocket 服务（心跳、断线恢复、平滑下线、指标）', usage: serveUsage },
  doctor: { summary: '沿 CDN、代理和应用诊断一个 WebSocket 地址', usage: () => DOCTOR_USAGE },
  deploy: { summary: '生成能保持 WebSocket 的 k8s/nginx/HAProxy/Caddy/Spring/DNS 配置', usage: deployUsage },
  lint: { summary: '检查 k8s YAML、nginx、HAProxy 和 Caddy 配置中会断开 WebSocket 的写法', usage: () => LINT_USAGE },
  logs: { summary: '读取 ingress/nginx/wsgate 日志，找出被切断、被拒绝和失败的 WebSocket 会话', usage: () => LOGS_USAGE },
};

/** The top-level help's own lines, in Chinese. */
export const MAIN_HELP_ZH = {
  usage: '用法：wsgate <命令> [选项]',
  commands: '命令：',
  options: '选项：',
  help: '  -h, --help     显示帮助（也可以：wsgate <命令> --help）',
  version: '  -v, --version  打印版本',
  lang: '  --lang <语言>  输出的语言：en 或 zh-CN（默认取自 LC_ALL/LANG）',
};
