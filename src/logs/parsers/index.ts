/**
 * One line in, one parsed line out: the forced format's parser, or (auto) whichever of the three
 * recognises the line, so a directory of mixed logs reads in one run. Errors never escape.
 */
import type { LogEntry, LogFormat, ParsedLine } from '../types.js';
import { parseCombined, parseUpstreamInfo, stripKubectlPrefix } from './access.js';
import { parseWsgate } from './wsgate.js';

export type FormatChoice = LogFormat | 'auto';
export const FORMATS: readonly FormatChoice[] = ['auto', 'ingress-nginx', 'nginx-combined', 'wsgate'];

const PARSERS: Record<LogFormat, (line: string) => LogEntry | null> = {
  'ingress-nginx': parseUpstreamInfo,
  'nginx-combined': parseCombined,
  wsgate: parseWsgate,
};

/** Lines that are known not to be requests: klog lines of the controller, nginx's error log. */
const NOT_A_REQUEST = /^(?:[IWEF]\d{4} \d\d:\d\d:\d\d|\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[|-{3,}|NGINX Ingress controller|\s+(?:Release|Build|Repository|nginx version):)/;

const AUTO_ORDER: readonly LogFormat[] = ['wsgate', 'ingress-nginx', 'nginx-combined'];

/** Parses one line (without its newline). */
export function parseLine(raw: string, format: FormatChoice = 'auto'): ParsedLine {
  const line = stripKubectlPrefix(raw.trim());
  if (!line || NOT_A_REQUEST.test(line)) return { ok: 'skip' };
  for (const f of format === 'auto' ? AUTO_ORDER : [format]) {
    const entry = PARSERS[f](line);
    if (entry) return { ok: true, format: f, entry };
  }
  return { ok: false, reason: 'garbled' };
}
