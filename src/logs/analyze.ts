/**
 * Reading logs into a tally and the tally into findings: one line at a time (lines.ts), so a
 * 1 GB log is read in bounded memory; a stream that fails midway becomes INPUT_UNREADABLE for
 * that source and the rest is still reported.
 */
import { describe, sortFindings, wordedIn, type Finding, type RawFinding } from '../findings/index.js';
import type { Lang } from '../i18n/index.js';
import { LOGS_TRANSLATED } from './catalog-languages.js';
import type { LogSource } from './inputs.js';
import { readLines } from './lines.js';
import { parseLine, type FormatChoice } from './parsers/index.js';
import { LOG_RULES, type RuleContext } from './rules.js';
import { addAccess, addWsgate, newTally, type Tally } from './tally.js';

export interface ReadProgress {
  source: string;
  bytes: number;
  /** Total bytes of this source, when known. */
  size?: number;
  lines: number;
}

export interface AnalyzeOptions {
  format?: FormatChoice;
  /** Path prefixes that are WebSocket paths (besides those that answered 101). */
  paths?: readonly string[];
  onProgress?: (p: ReadProgress) => void;
}

/** Paths that look like WebSocket endpoints even before a 101 is seen. */
const WS_LOOKING = /(^|\/)(ws|wss|websocket|websockets|socket|socket\.io|sockjs|cable|hub|realtime)(\/|$)/i;

/** Reads every source into one tally; failures to read become findings. */
export async function readSources(sources: readonly LogSource[], options: AnalyzeOptions = {}): Promise<{ tally: Tally; problems: RawFinding[] }> {
  const tally = newTally();
  const problems: RawFinding[] = [];
  for (const source of sources) {
    let bytes = 0;
    let lines = 0;
    const report = (): void => options.onProgress?.({ source: source.name, bytes, lines, ...(source.size !== undefined ? { size: source.size } : {}) });
    try {
      for await (const line of readLines(source.open(), 64 * 1024, (n) => (bytes += n))) {
        lines++;
        tally.lines++;
        if ((lines & 0x3fff) === 0) report();
        const ref = { file: source.name, line: line.number };
        if (line.text === null) {
          tally.tooLong.add(ref);
          continue;
        }
        const parsed = parseLine(line.text, options.format);
        if (parsed.ok === 'skip') tally.skipped++;
        else if (parsed.ok === false) tally.garbled.add(ref);
        else {
          tally.parsed[parsed.format]++;
          if (parsed.entry.kind === 'access') addAccess(tally, parsed.entry, ref);
          else addWsgate(tally, parsed.entry, ref);
        }
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      problems.push({ code: 'INPUT_UNREADABLE', data: { file: source.name, error: e?.code ?? e?.message ?? String(err) } });
    }
    report();
  }
  return { tally, problems };
}

/** The findings for a tally, worded and sorted. */
export function findingsOf(tally: Tally, problems: readonly RawFinding[], options: Pick<AnalyzeOptions, 'paths'> & { lang?: Lang } = {}): Finding[] {
  const prefixes = options.paths ?? [];
  const ctx: RuleContext = { isWebSocketPath: (p) => WS_LOOKING.test(p) || prefixes.some((x) => p.startsWith(x)) };
  const raw: RawFinding[] = [...problems];
  for (const rule of LOG_RULES) for (const f of rule.run(tally, ctx)) raw.push({ ...f, check: f.check ?? rule.id });
  const parsed = tally.parsed['ingress-nginx'] + tally.parsed['nginx-combined'] + tally.parsed.wsgate;
  if (tally.lines === 0 || (parsed === 0 && tally.garbled.count === 0 && tally.tooLong.count === 0)) raw.push({ code: 'NO_LOG_LINES', check: 'read-input' });
  const catalog = wordedIn(LOGS_TRANSLATED, options.lang ?? 'en');
  return sortFindings(raw.map((r) => describe(catalog, r)));
}
