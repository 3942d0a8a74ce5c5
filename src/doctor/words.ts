/**
 * The doctor's words besides the finding catalog, in every language: the human report's
 * headings and verdict, the live progress line, and (for zh-CN) the check titles, the hops
 * of `where.ts` and the checklist titles. English check titles live with their checks; the
 * catalog test makes sure each has a Chinese twin here (docs/i18n.md).
 */
import type { Words } from '../i18n/index.js';
import { CDN_NAMES_ZH, type CdnProvider } from '../knowledge/index.js';
import type { Hop } from './where.js';

export interface DoctorRenderWords {
  path: string;
  origin: string;
  findings: string;
  originOnly: string;
  checklist: string;
  /** "Path via 203.0.113.7, CDN: cloudflare, proxy: nginx". */
  pathLine(label: string, addresses: string | null, cdn: string | null, proxy: string | null, pinnedBy: string | null): string;
  /** A CDN or proxy name after a hop: " (cloudflare)". */
  paren(name: string): string;
  /** The last line: "OK", "OK with 2 warnings", "FAIL at the CDN edge (cloudflare): 1 error". */
  verdict(v: { ok: boolean; errors: number; warnings: number; at: string | null }): string;
  /** "idle probe": the countdown's label. */
  idleProbe: string;
  /** "108 s left". */
  left(seconds: number): string;
}

const n = (count: number, word: string): string => `${count} ${word}${count > 1 ? 's' : ''}`;

export const DOCTOR_RENDER_WORDS: Words<DoctorRenderWords> = {
  en: {
    path: 'Path',
    origin: 'Origin (bypassing the CDN)',
    findings: 'Findings',
    originOnly: 'Findings only on the origin path',
    checklist: 'Checklist (运维检查清单)',
    pathLine: (label, addresses, cdn, proxy, pinnedBy) =>
      `${label}${addresses ? ` via ${addresses}${pinnedBy ? ` (pinned by ${pinnedBy}, no DNS)` : ''}` : ''}${cdn ? `, CDN: ${cdn}` : ''}${proxy ? `, proxy: ${proxy}` : ''}`,
    paren: (name) => ` (${name})`,
    verdict: ({ ok, errors, warnings, at }) =>
      ok ? (warnings ? `OK with ${n(warnings, 'warning')}` : 'OK') : `FAIL${at ? ` at ${at}` : ''}: ${n(errors, 'error')}${warnings ? `, ${n(warnings, 'warning')}` : ''}`,
    idleProbe: 'idle probe',
    left: (s) => `${s} s left`,
  },
  'zh-CN': {
    path: '路径',
    origin: '源站（绕过 CDN）',
    findings: '发现的问题',
    originOnly: '仅在源站路径上发现的问题',
    checklist: '运维检查清单',
    pathLine: (label, addresses, cdn, proxy, pinnedBy) => `${label}${addresses ? `：经 ${addresses}${pinnedBy ? `（由 ${pinnedBy} 固定，未查询 DNS）` : ''}` : ''}${cdn ? `，CDN：${CDN_NAMES_ZH[cdn as CdnProvider] ?? cdn}` : ''}${proxy ? `，代理：${proxy}` : ''}`,
    paren: (name) => `（${name}）`,
    verdict: ({ ok, errors, warnings, at }) =>
      ok ? (warnings ? `通过，有 ${warnings} 个警告` : '通过') : `失败${at ? `（位置：${at}）` : ''}：${errors} 个错误${warnings ? `，${warnings} 个警告` : ''}`,
    idleProbe: '空闲探测',
    left: (s) => `剩余 ${s} 秒`,
  },
};

/** Check titles in Chinese, by check id (the English ones are each check's `title`). */
export const CHECK_TITLES_ZH: Readonly<Record<string, string>> = {
  url: 'URL',
  dns: 'DNS 解析',
  tcp: 'TCP 连接',
  tls: 'TLS 证书',
  upgrade: 'HTTP 升级',
  cdn: 'CDN 识别',
  app: '应用（hello、ping/pong）',
  auth: '认证',
  idle: '空闲切断',
  origin: '源站对比',
  fallback: 'SSE 回退',
};

/** Where on the path, in Chinese (HOP_LABEL in where.ts is the English). */
export const HOP_LABELS_ZH: Readonly<Record<Hop, string>> = {
  dns: 'DNS',
  tcp: '网络 / 防火墙（TCP）',
  tls: 'TLS',
  'cdn-edge': 'CDN 边缘节点',
  proxy: '代理 / Ingress',
  server: '服务端',
  auth: '认证',
  app: '应用',
  'idle-cut': '空闲切断',
  doctor: 'doctor 自身',
};

/** The checklist's titles in Chinese, by item id (the `item` field already holds the guide's words). */
export const CHECKLIST_TITLES_ZH: Readonly<Record<string, string>> = {
  'dns-record': 'DNS 记录已添加',
  'dns-only': 'WebSocket 域名不走 CDN（或 CDN 能转发 WebSocket）',
  ingress: 'Ingress/代理能转发 WebSocket',
  https: 'HTTPS 证书已配置',
  port: '防火墙已开放端口',
  app: '服务端应用正常运行',
  heartbeat: '心跳能让连接保持存活',
  reconnect: '客户端以退避策略断线重连',
  connect: '端到端连接测试成功',
};
