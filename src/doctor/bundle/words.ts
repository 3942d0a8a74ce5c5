/**
 * Every word of the support bundle, in one place (a translation touches only this file).
 * Finding messages and remedies come from the doctor's catalog; checklist items carry the
 * guide's Chinese wording beside the English.
 */
export const BUNDLE_WORDS = {
  title: (url: string) => `wsgate doctor: ${url}`,
  verdictOk: 'OK',
  verdictOkWarnings: (n: number) => `OK with ${n} warning${n === 1 ? '' : 's'}`,
  verdictFail: (errors: number, where: string | null) => `FAIL${where ? ` at ${where}` : ''}: ${errors} error${errors === 1 ? '' : 's'}`,
  sections: {
    findings: 'Findings',
    originOnly: 'Findings only on the origin path',
    checklist: 'Checklist (运维检查清单)',
    path: 'The path, step by step',
    originPath: 'The origin path (--origin), step by step',
    dns: 'DNS',
    handshake: 'The handshake (as curl -v shows it)',
    originHandshake: 'The handshake on the origin path',
    idle: 'Idle probe',
    comparison: 'Origin comparison',
    environment: 'Tool, versions and time',
  },
  noFindings: 'No problems found.',
  pathHead: ['step', 'result', 'time', 'what was seen'],
  status: { pass: 'pass', warn: 'warning', fail: 'FAIL', skip: 'skipped' } as Record<string, string>,
  checklistStatus: { pass: 'yes', fail: 'NO', unknown: 'unknown' } as Record<string, string>,
  dns: {
    host: 'host asked',
    pinned: (by: string) => `pinned by ${by} (DNS not asked)`,
    chain: 'CNAME chain',
    noChain: 'none (the name has A/AAAA records itself)',
    addresses: 'addresses',
    dialled: 'address used',
    tcpHead: ['address', 'TCP', 'time', 'error'],
    notAsked: 'DNS was not reached.',
  },
  handshake: {
    none: 'The handshake was not reached (see the path above).',
    noResponse: 'No HTTP answer came back.',
  },
  idle: {
    notRun: 'Not measured. Run with --idle 120s to measure the idle cut of the path.',
    notReached: 'The idle probe did not run (an earlier step failed, or the connection did not stay open).',
    rows: {
      held: 'held a silent connection up to',
      cut: 'cut after',
      never: 'no cut within the time held',
      closeCode: 'close code',
      heartbeat: 'heartbeat tried',
      survived: 'heartbeat kept a connection alive past the cut',
    },
    yes: 'yes',
    no: 'no',
  },
  comparison: {
    none: 'No origin path: run with --origin <address> to compare the path users take with the origin itself.',
    head: ['step', 'main path', 'origin path'],
    verdict: 'verdict',
    addresses: 'addresses',
  },
  environment: { tool: 'wsgate', node: 'Node.js', platform: 'platform', time: 'time (UTC)', url: 'URL (tokens masked)' },
  footer: 'Made by wsgate doctor --report. Token values, cookies and credential headers are replaced with REDACTED.',
};

/** The shape of the bundle's words (words.zh-CN.ts has the same in Chinese). */
export type BundleWords = typeof BUNDLE_WORDS;
