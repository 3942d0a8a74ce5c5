/**
 * The hops and notes of idle-limits.ts in Chinese, by the English hop name that findings carry
 * in `data.hop` (the data stays English in every language; only the words change).
 */

export const KNOWN_LIMITS_ZH: Readonly<Record<string, { hop: string; note?: string }>> = {
  Cloudflare: { hop: 'Cloudflare', note: '仅企业版可调' },
  CloudFront: { hop: 'CloudFront' },
  'Azure Front Door': { hop: 'Azure Front Door' },
  'Alibaba Cloud DCDN': { hop: '阿里云 DCDN', note: 'WebSocket「心跳时间」的默认值' },
  'Tencent Cloud CDN/EdgeOne': { hop: '腾讯云 CDN/EdgeOne', note: 'WebSocket 超时开关关闭时；打开后最长 300 秒' },
  nginx: { hop: 'nginx', note: 'proxy_read_timeout 的默认值' },
  OpenResty: { hop: 'OpenResty', note: 'proxy_read_timeout 的默认值' },
  Tengine: { hop: 'Tengine', note: 'proxy_read_timeout 的默认值' },
  'AWS ALB': { hop: 'AWS ALB', note: 'idle_timeout.timeout_seconds 的默认值' },
};
