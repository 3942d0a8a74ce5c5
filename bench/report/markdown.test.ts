import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchResults, EchoThroughputRow, IdleRow } from '../lib/results.js';
import { figure } from '../lib/results.js';
import { errorSummary, renderMarkdown, verdicts } from './markdown.js';
import { niceTicks, renderChart } from './chart.js';

function echoRow(target: EchoThroughputRow['target'], size: number, msgs: number, ratio: number | null): EchoThroughputRow {
  return { target, via: target === 'wsgate' ? 'pubsub' : 'echo', connections: 100, size, msgsPerSec: figure([msgs]), ratioVsWs: ratio, serverCpu: 1, loadCpu: 0.5, othersOnServerCore: 0, perServerCpuSec: figure([msgs]), perCpuRatioVsWs: ratio };
}
function idleRow(target: IdleRow['target'], connections: number, kb: number, ratio: number | null): IdleRow {
  return { target, connections, connected: connections, rssMB: figure([100]), heapMB: figure([50]), rssPerConnKB: figure([kb]), heapPerConnKB: figure([kb / 2]), cpuPer10k: figure([0.01]), usPerHeartbeat: figure([5]), rssRatioVsWs: ratio };
}
function results(over: Partial<BenchResults>): BenchResults {
  return {
    schema: 1, mode: 'full', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:10:00.000Z', durationS: 600, runs: 3,
    machine: { cores: 2, pinning: 'servers on core 1' }, loadAverage: {}, versions: { node: 'v20' }, settings: {}, sections: [],
    echo: { throughput: [], latency: [] }, fanout: [], idle: { heartbeatMs: 2000, cpuWindowMs: 6000, empty: [], rows: [] },
    handshake: [], storm: [], bundle: [], targets: [], errors: [], notes: [], skipped: [], ...over,
  };
}

test('verdicts: the goals as ratios, memory at 10,000 and above, Socket.IO only where measured', () => {
  const r = results({
    echo: {
      throughput: [echoRow('ws', 64, 100000, 1), echoRow('socketio', 64, 40000, 0.4), echoRow('wsgate', 64, 91000, 0.91), echoRow('ws', 4096, 50000, 1), echoRow('wsgate', 4096, 30000, 0.6), echoRow('wsgate-redis', 64, 49000, 0.49)],
      latency: [],
    },
    idle: { heartbeatMs: 2000, cpuWindowMs: 6000, empty: [], rows: [idleRow('ws', 1000, 10, 1), idleRow('wsgate', 1000, 30, 3), idleRow('ws', 10000, 8, 1), idleRow('wsgate', 10000, 8.8, 1.1)] },
  });
  const v = verdicts(r);
  const by = (prefix: string) => v.find((x) => x.goal.startsWith(prefix))!;
  assert.equal(by('publish echo ≥ 0.9× bare ws (64 B').verdict, 'met');
  assert.equal(by('publish echo ≥ 0.7× bare ws (4 KB').verdict, 'missed');
  assert.equal(by('publish echo ≥ 2× Socket.IO (4 KB').verdict, 'not measured', 'no Socket.IO row at 4 KB');
  assert.equal(by('Redis broker echo ≥ 0.5× bare ws').verdict, 'missed', '0.49× is below 0.5×');
  assert.equal(by('handshakes with auth ≥ 0.8×').verdict, 'not measured');
  const mem = v.filter((x) => x.goal.startsWith('memory per idle connection ≤ 1.1×'));
  assert.deepEqual(mem.map((m) => m.goal.match(/at ([\d,]+) connections/)?.[1]), ['10,000'], 'judged at 10,000 and above, not at 1,000');
  assert.equal(mem[0]!.verdict, 'met');
});

test('verdicts: every other figure against the previous run, as ratios to bare ws', () => {
  const row = (t: EchoThroughputRow['target'], c: number, msgs: number) => ({ ...echoRow(t, 64, msgs, null), connections: c });
  const prev = results({ echo: { throughput: [row('ws', 1000, 100000), row('wsgate', 1000, 60000)], latency: [] } });
  const slower = results({ echo: { throughput: [row('ws', 1000, 100000), row('wsgate', 1000, 50000)], latency: [] } });
  const same = results({ echo: { throughput: [row('ws', 1000, 200000), row('wsgate', 1000, 118000)], latency: [] } });
  const find = (v: ReturnType<typeof verdicts>) => v.find((x) => x.goal.startsWith('wsgate echo 64 B at 1,000'))!;
  assert.equal(find(verdicts(slower, prev)).verdict, 'missed');
  assert.equal(find(verdicts(same, prev)).verdict, 'met', '0.59× against 0.60× is within the stated noise');
});

test('the Markdown report shows ratios, marks missed targets and lists errors', () => {
  const r = results({ echo: { throughput: [echoRow('ws', 64, 100000, 1), echoRow('wsgate', 64, 20000, 0.2)], latency: [] }, errors: [{ section: 'fanout', target: 'wsgate-redis', run: 0, error: 'server exited (1) before listening:\nTypeError: boom' }] });
  r.targets = verdicts(r);
  const md = renderMarkdown(r, 'x.svg');
  assert.match(md, /\| bare ws \| 100,000 \| 1\.00× \|/);
  assert.match(md, /0\.20×/);
  assert.match(md, /\*\*missed\*\*/);
  assert.match(md, /ERROR in fanout \/ wsgate-redis \(run 1\): server exited \(1\) before listening — TypeError: boom/);
});

test('error summaries keep the first line and the cause', () => {
  assert.equal(errorSummary('x failed:\nsome log\nError: ECONNREFUSED'), 'x failed — Error: ECONNREFUSED');
  assert.equal(errorSummary('plain'), 'plain');
});

test('chart axes get round ticks covering the data, and an empty panel says so', () => {
  assert.deepEqual(niceTicks(170000, 5), [0, 50000, 100000, 150000, 200000]);
  assert.deepEqual(niceTicks(87, 5), [0, 20, 40, 60, 80, 100]);
  const svg = renderChart(results({}));
  assert.match(svg, /not measured in this run/);
});
