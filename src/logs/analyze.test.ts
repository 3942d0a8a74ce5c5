// Fixture logs → finding codes (every code in the catalog is produced by some fixture), the
// summary's histogram, garbage that never crashes, and bounded memory over many lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { findingsOf, readSources } from './analyze.js';
import { LOGS_CODES } from './catalog.js';
import { listSources } from './inputs.js';
import type { LogSource } from './inputs.js';
import { summarize } from './summary.js';
import { renderHistogram } from './render.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const seen = new Set<string>();

async function analyze(paths: string[], extra: LogSource[] = []) {
  const { sources, problems } = await listSources(paths, process.stdin);
  const read = await readSources([...sources, ...extra]);
  const findings = findingsOf(read.tally, [...problems, ...read.problems]);
  for (const f of findings) seen.add(f.code);
  return { findings, codes: findings.map((f) => f.code).sort(), tally: read.tally };
}

const text = (name: string, body: string): LogSource => ({ name, open: async function* () { yield Buffer.from(body); } });

test('ingress-nginx fixture: the 60 s cut, 400/426, 502/503 by upstream, 499, garbled lines', async () => {
  const r = await analyze([`${FIXTURES}ingress-upstreaminfo.log`]);
  assert.deepEqual(r.codes, ['CLIENT_ABORTS', 'LINES_UNPARSED', 'SESSIONS_CUT_AT_TIMEOUT', 'UPGRADE_NOT_FORWARDED', 'UPSTREAM_ERRORS']);
  const cut = r.findings.find((f) => f.code === 'SESSIONS_CUT_AT_TIMEOUT')!;
  assert.deepEqual([cut.data.seconds, cut.data.sessions, cut.data.share], [60, 8, 0.8]);
  assert.match(cut.remedy, /proxy-read-timeout/);
  assert.match(cut.remedy, /--ping-interval 30s/);
  assert.deepEqual(r.findings.find((f) => f.code === 'UPSTREAM_ERRORS')!.data.upstreams, [{ upstream: 'default-chat-8080', count: 3 }]);
  assert.equal(r.findings.find((f) => f.code === 'UPGRADE_NOT_FORWARDED')!.data.count, 4);
  assert.equal(r.findings.find((f) => f.code === 'CLIENT_ABORTS')!.data.count, 1);
  assert.equal(r.tally.skipped, 2, 'controller and error-log lines are not requests');
});

test('a directory: each source cut on its own (60 s ingress, 100 s combined, 15 s wsgate), wsgate events', async () => {
  const r = await analyze([FIXTURES]);
  const cuts = r.findings.filter((f) => f.code === 'SESSIONS_CUT_AT_TIMEOUT').map((f) => [f.data.seconds, f.data.source]);
  assert.deepEqual(cuts, [[60, 'ingress-nginx'], [100, 'ingress-nginx'], [15, 'wsgate']]);
  const get = (c: string) => r.findings.find((f) => f.code === c)!.data;
  assert.deepEqual(get('CLOSE_CODES').codes, { 1006: 5, 1000: 1 });
  assert.deepEqual(get('AUTH_FAILURES').reasons, { expired: 1, invalid: 1 });
  assert.deepEqual([get('DRAINS').count, get('DRAINS').connections], [1, 120]);
  assert.equal(get('HEARTBEAT_TIMEOUTS').count, 1);
  assert.equal(get('SLOW_CONSUMERS').count, 1);
  const hist = renderHistogram(summarize(r.tally).durations.wsgate);
  assert.match(hist, /15–30 s  █{36} +5  83%/);
});

test('unreadable paths, empty input, binary garbage and over-long lines: findings, never a crash', async () => {
  const junk = text('junk.bin', randomBytes(200_000).toString('latin1'));
  const r = await analyze(['/nonexistent/access.log'], [junk, text('empty.log', ''), text('long.log', `${'y'.repeat(70_000)}\n`)]);
  assert.ok(r.codes.includes('INPUT_UNREADABLE'));
  assert.ok(r.codes.includes('LINES_UNPARSED'));
  assert.ok(r.codes.includes('LINES_TOO_LONG'));
  const empty = await analyze([], [text('empty.log', '')]);
  assert.deepEqual(empty.codes, ['NO_LOG_LINES']);
});

test('many lines in bounded memory: 300k sessions of distinct paths and durations keep the tally small', async () => {
  async function* lots() {
    for (let chunk = 0; chunk < 60; chunk++) {
      const lines: string[] = [];
      for (let i = 0; i < 5000; i++) {
        const n = chunk * 5000 + i;
        lines.push(`10.0.0.1 - - [26/Nov/2026:12:00:00 +0000] "GET /api/ws/${n}?token=t${n} HTTP/1.1" ${n % 7 === 0 ? 502 : 101} 0 "-" "ua" 10 ${(n % 5000) / 10}.000 [up-${n}] [] 10.0.0.2:80 0 1.000 101 id${n}`);
      }
      yield Buffer.from(`${lines.join('\n')}\n`);
    }
  }
  const read = await readSources([{ name: 'big.log', open: lots }]);
  assert.equal(read.tally.lines, 300_000);
  assert.ok(read.tally.access.byPath.size <= 1001, `paths kept: ${read.tally.access.byPath.size}`);
  assert.ok(read.tally.access.sessions.deciseconds.size <= 5000);
  const errors = findingsOf(read.tally, []).find((f) => f.code === 'UPSTREAM_ERRORS')!;
  assert.equal((errors.data.upstreams as unknown[]).length, 20, 'the 20 upstreams with most errors');
});

test('every catalog code is produced by a fixture above', () => {
  assert.deepEqual(LOGS_CODES.filter((c) => !seen.has(c)), []);
});
