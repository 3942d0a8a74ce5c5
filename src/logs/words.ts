/**
 * The words of `wsgate logs`' report around its findings (the findings' own words are in
 * catalog.ts), in one place so a translation touches only these two files.
 */
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The report's own words; `LOGS_WORDS_ZH` in catalog.zh-CN.ts is the same in Chinese. */
export interface LogsWords {
  heading(inputs: number, lines: number, formats: string, other: number, unparsed: number, tooLong: number): string;
  accessSessions(requests: number, sessions: number, withoutTime: number): string;
  wsgateSessions(n: number): string;
  histogramAccess: string;
  histogramWsgate: string;
  findings: string;
  verdict(ok: boolean, errors: number, warnings: number, info: number): string;
  progress(source: string, mb: string, total: string | null, percent: number | null, lines: string): string;
}

export const LOGS_WORDS: LogsWords = {
  heading: (inputs: number, lines: number, formats: string, other: number, unparsed: number, tooLong: number) =>
    `wsgate logs: ${plural(inputs, 'input')}, ${lines} lines (${formats || 'none recognised'}${other ? `, ${other} other` : ''}${unparsed ? `, ${unparsed} unparsed` : ''}${tooLong ? `, ${tooLong} too long` : ''})`,
  accessSessions: (requests: number, sessions: number, withoutTime: number) =>
    `${plural(requests, 'request')}, ${plural(sessions, 'WebSocket session')} (status 101)${withoutTime ? `, ${withoutTime} without $request_time` : ''}`,
  wsgateSessions: (n: number) => `${plural(n, 'session')} closed in wsgate's log`,
  histogramAccess: 'Session durations (access log)',
  histogramWsgate: 'Session durations (wsgate)',
  findings: 'Findings',
  verdict: (ok: boolean, errors: number, warnings: number, info: number) => `${ok ? 'OK' : 'FAIL'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${info} info`,
  progress: (source: string, mb: string, total: string | null, percent: number | null, lines: string) =>
    `reading ${source}: ${mb} MB${total !== null ? ` / ${total} MB (${percent}%)` : ''}, ${lines} lines`,
};
