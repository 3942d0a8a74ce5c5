/**
 * Close codes in Chinese: the meaning of every code in close-codes.ts, for findings and the
 * console shown in zh-CN. The code and its name (e.g. `1006 ABNORMAL`) stay as they are.
 */
import { knownCloseCodes } from './close-codes.js';

/** The meaning of each known close code, in Chinese (same keys as the table in close-codes.ts). */
export const CLOSE_MEANINGS_ZH: Readonly<Record<number, string>> = {
  1000: '正常关闭',
  1001: '一端离开（页面卸载、边缘节点重启）',
  1002: '协议错误：某一端有缺陷，重试只会重复',
  1003: '不支持的数据类型',
  1005: '关闭时没有状态码',
  1006: '连接断开且没有关闭帧（空闲被切断、网络中断、进程崩溃）',
  1007: '无效负载（如 UTF-8 不合法）',
  1008: '违反策略（wsgate：超出速率限制）',
  1009: '消息过大',
  1010: '未协商必需的扩展',
  1011: '服务端错误',
  1012: '服务重启（排空中）：按提示的延迟后重连',
  1013: '过载或消费过慢：稍后重试',
  1014: '网关错误',
  1015: 'TLS 握手失败',
  4401: 'token 缺失、无效或已过期',
  4403: '禁止访问',
};

/**
 * A close code with its name and meaning, in Chinese.
 * @example describeCloseCodeZh(1006) // '1006 ABNORMAL：连接断开且没有关闭帧（…）'
 */
export function describeCloseCodeZh(code: number): string {
  const known = knownCloseCodes().find((c) => c.code === code);
  if (known) return `${code} ${known.name}：${CLOSE_MEANINGS_ZH[code] ?? known.meaning}`;
  if (code >= 4000 && code <= 4999) return `${code}（应用自定义）`;
  if (code >= 3000 && code <= 3999) return `${code}（由库或框架注册）`;
  return `${code}（未知）`;
}
