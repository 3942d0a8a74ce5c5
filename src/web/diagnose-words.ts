/**
 * Every word of the diagnose page, in Chinese and English (the page shows both, as the
 * checklist does). A new language is a new entry here; nothing else has words in it.
 */
import type { StepId, StepStatus } from './browser-test.js';
import type { FallbackOutcome } from './diagnose-fallback.js';
import type { Verdict } from './diagnose-verdict.js';

export type Lang = 'zh' | 'en';
type Words = {
  title: string;
  intro: string;
  running: string;
  again: string;
  sent: (id: string) => string;
  sendFailed: (error: string) => string;
  verdict: Record<Verdict, (d: { status?: number | string; code?: number }) => string>;
  /** The SSE fallback step's result (docs/console.md "Diagnose page"). */
  fallback: Record<FallbackOutcome, (d: { pongMs?: number; status?: number }) => string>;
  fallbackRunning: string;
  steps: Record<StepId, string>;
  status: Record<StepStatus, string>;
  details: { browser: string; network: string; unknown: string; address: string; time: string };
};

export const DIAGNOSE_WORDS: Record<Lang, Words> = {
  zh: {
    title: '连接检测',
    intro: '本页面检测您的浏览器能否从您当前的网络与我们的服务建立 WebSocket 连接。只需几秒钟；除检测结果、浏览器名称和网络类型外，不会发送任何信息。',
    running: '检测中…',
    again: '重新检测',
    sent: (id) => `结果已发送给技术支持。编号：${id}`,
    sendFailed: (e) => `结果发送失败（${e}）。请将本页截图发送给技术支持。`,
    verdict: {
      ok: () => '连接正常：您的浏览器已连接到服务并成功收发消息。',
      'ok-auth': () => '网络路径正常：您的浏览器已到达服务。服务要求登录（本检测不发送登录信息）。',
      'upgrade-blocked': (d) => `连接在到达服务之前被拦截：您与服务器之间的代理或 CDN 没有转发 WebSocket 升级请求（HTTP ${d.status ?? '?'}）。`,
      rejected: (d) => `服务器或代理拒绝了连接（HTTP ${d.status ?? '?'}）。`,
      unreachable: () => '无法连接到服务器：可能被防火墙、代理或网络过滤阻止。',
      timeout: () => '服务器没有及时响应。',
      cut: (d) => `连接已建立，但很快被断开（关闭码 ${d.code ?? 1006}）。`,
      'browser-refused': () => '浏览器拒绝建立连接（例如在 https 页面中使用了不安全的 ws:// 地址）。',
      other: () => '检测发现了问题；技术支持会看到详细信息。',
    },
    fallbackRunning: '正在检测备用通道（SSE）…',
    fallback: {
      works: (d) => `WebSocket 在这里被拦截，但备用通道（SSE）可用：聊天仍能使用，只是慢一些（往返 ${d.pongMs ?? '?'} ms）。`,
      buffered: () => '备用通道（SSE）的消息被中间的代理或 CDN 缓冲/压缩而滞留：聊天会明显延迟或收不到消息。',
      unavailable: (d) => `备用通道（SSE）也无法使用${d.status ? `（HTTP ${d.status}）` : ''}：在这个网络中无法聊天。`,
      'sign-in': () => '备用通道（SSE）能到达服务，服务要求登录（本检测不发送登录信息），因此未能检测消息是否被缓冲。',
    },
    steps: { open: '建立连接', hello: '服务问候', ping: '心跳（ping/pong）', close: '正常关闭', probe: '普通请求（查看 HTTP 状态）' },
    status: { running: '进行中', pass: '通过', warn: '注意', fail: '失败', skip: '跳过' },
    details: { browser: '浏览器', network: '网络类型', unknown: '未知', address: '服务地址', time: '用时' },
  },
  en: {
    title: 'Connection check',
    intro: 'This page checks whether your browser can hold a WebSocket connection to our service from your network. It takes a few seconds; nothing is sent but the result, your browser’s name and your network type.',
    running: 'Checking…',
    again: 'Check again',
    sent: (id) => `The result was sent to the support team. Reference: ${id}`,
    sendFailed: (e) => `The result could not be sent (${e}). Please send a screenshot of this page to the support team.`,
    verdict: {
      ok: () => 'The connection works: your browser reached the service and exchanged messages.',
      'ok-auth': () => 'The network path works: your browser reached the service. It asked for sign-in, which this check does not send.',
      'upgrade-blocked': (d) => `The connection was stopped before it reached the service: a proxy or CDN between you and the server did not pass the WebSocket upgrade (HTTP ${d.status ?? '?'}).`,
      rejected: (d) => `The server or a proxy refused the connection (HTTP ${d.status ?? '?'}).`,
      unreachable: () => 'The server could not be reached: a firewall, proxy or network filter may block it.',
      timeout: () => 'The server did not answer in time.',
      cut: (d) => `The connection opened but was cut soon after (close code ${d.code ?? 1006}).`,
      'browser-refused': () => 'The browser refused to open the connection (for example an insecure ws:// address on an https page).',
      other: () => 'The check found a problem; the support team will see the details.',
    },
    fallbackRunning: 'Checking the fallback (SSE)…',
    fallback: {
      works: (d) => `WebSocket is blocked here, but the SSE fallback works: the chat keeps working, slower (round trip ${d.pongMs ?? '?'} ms).`,
      buffered: () => 'The SSE fallback is held back by a buffering or compressing proxy or CDN on the way: the chat will lag or miss messages.',
      unavailable: (d) => `The SSE fallback does not work either${d.status ? ` (HTTP ${d.status})` : ''}: the chat cannot work from this network.`,
      'sign-in': () => 'The SSE fallback reaches the service, which asked for sign-in (this check does not send it), so buffering on the way could not be checked.',
    },
    steps: { open: 'connect', hello: 'server greeting', ping: 'heartbeat (ping/pong)', close: 'clean close', probe: 'plain request (HTTP status)' },
    status: { running: 'running', pass: 'passed', warn: 'warning', fail: 'failed', skip: 'skipped' },
    details: { browser: 'Browser', network: 'Network type', unknown: 'unknown', address: 'Service address', time: 'took' },
  },
};
