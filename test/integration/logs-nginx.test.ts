// `wsgate logs` on logs real programs wrote: nginx logging in ingress-nginx's `upstreaminfo`
// format (log_format with the same fields; $proxy_upstream_name set per location as the
// controller does) in front of the real wsgate server, which logs JSON to a file. The lab
// drives WebSocket sessions into a 3 s proxy_read_timeout, plain GETs to the WebSocket path,
// and upgrades to a dead upstream; `wsgate logs` must name each.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { main } from '../../src/cli/main.js';
import { createServer, type WsgateServer } from '../../src/server/index.js';
import { freePort, startNginx, tempDir, waitFor, type LabProxy } from '../lab/index.js';

const ORIGIN = '127.0.0.43';
const FRONT = '127.0.0.44';
const DEAD = '127.0.0.45';
const TOKEN = 'logs-lab-token';
const SESSIONS = 4;
const PLAIN_GETS = 3;
const DEAD_UPGRADES = 3;

const UPSTREAMINFO =
  "log_format upstreaminfo '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';";

let server: WsgateServer;
let nginx: LabProxy;
let dir: ReturnType<typeof tempDir>;
let wsgateLog: WriteStream;
let accessLog: string;
/** Sessions no server ping reached: those nginx cut at 3 s. */
let unpinged: number;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, cb) => ((stdout += c.toString()), cb()) });
  const err = new Writable({ write: (c, _e, cb) => ((stderr += c.toString()), cb()) });
  const code = await main(['logs', ...args], { stdout: out, stderr: err, stdin: process.stdin, env: {} });
  return { code, stdout, stderr };
}

/**
 * An idle WebSocket through nginx; resolves with its close code once nginx cuts it, and whether
 * a server ping crossed it first (the server spreads its first ping at random over one interval:
 * such a session is cut 3 s after that ping instead, and is not counted as cut at 3 s).
 */
function idleSession(port: number): Promise<{ code: number; pinged: boolean }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${FRONT}:${port}/api/ws/chat?token=${TOKEN}`);
    let pinged = false;
    ws.on('ping', () => (pinged = true));
    ws.on('error', reject);
    ws.on('close', (code) => resolve({ code, pinged }));
  });
}

/** An HTTP request with the given headers; resolves with the status. */
function request(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: FRONT, port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('upgrade', () => reject(new Error('unexpected 101')));
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = tempDir('logs-lab');
  wsgateLog = createWriteStream(join(dir.dir, 'wsgate.log'));
  // The server's heartbeat (the longest allowed, 600 s) is far slower than nginx's 3 s read
  // timeout: idle sessions are cut.
  server = await createServer({ host: ORIGIN, port: 0, tokens: `${TOKEN}:alice`, pingInterval: 600_000, logLevel: 'info', logStream: wsgateLog, defaultMetrics: false, statsInterval: 0 });
  const port = await freePort(FRONT);
  const deadPort = await freePort(DEAD);
  const upgrade = 'proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;';
  nginx = await startNginx({
    host: FRONT,
    port,
    httpBody: [
      UPSTREAMINFO,
      'map $http_upgrade $connection_upgrade { default upgrade; "" close; }',
      `server { listen ${FRONT}:${port}; server_tokens off;`,
      `  access_log {{DIR}}/upstreaminfo.log upstreaminfo;`,
      '  set $proxy_alternative_upstream_name ""; set $req_id $request_id;',
      `  location /api/ws/chat { set $proxy_upstream_name "default-chat-8080"; proxy_pass http://${ORIGIN}:${server.port}; ${upgrade} proxy_read_timeout 3s; }`,
      `  location /api/ws/dead { set $proxy_upstream_name "default-dead-8080"; proxy_pass http://${DEAD}:${deadPort}; ${upgrade} }`,
      '}',
    ].join('\n'),
  });
  accessLog = join(nginx.dir, 'upstreaminfo.log');

  const [sessions, gets, dead] = await Promise.all([
    Promise.all(Array.from({ length: SESSIONS }, () => idleSession(port))),
    Promise.all(Array.from({ length: PLAIN_GETS }, () => request(port, '/api/ws/chat'))),
    Promise.all(Array.from({ length: DEAD_UPGRADES }, () => request(port, '/api/ws/dead', { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }))),
  ]);
  assert.deepEqual(sessions.map((x) => x.code), Array(SESSIONS).fill(1006), 'nginx cut the idle sessions');
  unpinged = sessions.filter((x) => !x.pinged).length;
  assert.ok(unpinged >= 3, `${unpinged} of ${SESSIONS} sessions stayed silent`);
  assert.deepEqual(gets, Array(PLAIN_GETS).fill(426));
  assert.deepEqual(dead, Array(DEAD_UPGRADES).fill(502));
  await waitFor('the access log lines', () => readFileSync(accessLog, 'utf8').trim().split('\n').length >= SESSIONS + PLAIN_GETS + DEAD_UPGRADES, 5000);
  await waitFor('the wsgate close lines', () => readFileSync(join(dir.dir, 'wsgate.log'), 'utf8').split('"event":"close"').length > SESSIONS, 5000);
});

after(async () => {
  await nginx?.stop();
  await server?.close();
  wsgateLog?.end();
  dir?.remove();
});

test('the upstreaminfo log: the 3 s cut, the plain GETs (426), the dead upstream (502) by name', async () => {
  const run = await cli([accessLog, '--json']);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: Array<{ code: string; data: Record<string, unknown>; remedy: string }>; summary: { parsed: Record<string, number>; unparsed: number } };
  assert.deepEqual(report.findings.map((f) => f.code).sort(), ['SESSIONS_CUT_AT_TIMEOUT', 'UPGRADE_NOT_FORWARDED', 'UPSTREAM_ERRORS']);
  assert.equal(report.summary.parsed['ingress-nginx'], SESSIONS + PLAIN_GETS + DEAD_UPGRADES);
  assert.equal(report.summary.unparsed, 0);
  const get = (code: string) => report.findings.find((f) => f.code === code)!;
  const cut = get('SESSIONS_CUT_AT_TIMEOUT');
  assert.ok(Math.abs((cut.data.seconds as number) - 3) <= 0.3, `cut at ${String(cut.data.seconds)} s`);
  assert.deepEqual([cut.data.sessions, cut.data.share], [unpinged, unpinged / SESSIONS]);
  assert.match(cut.remedy, /proxy-read-timeout/);
  assert.match(cut.remedy, /--ping-interval 1s/);
  assert.equal(get('UPGRADE_NOT_FORWARDED').data.count, PLAIN_GETS);
  assert.deepEqual(get('UPGRADE_NOT_FORWARDED').data.statuses, { 426: PLAIN_GETS });
  assert.deepEqual(get('UPSTREAM_ERRORS').data.upstreams, [{ upstream: 'default-dead-8080', count: DEAD_UPGRADES }]);
});

test('the human report names each, with the histogram; stdin (-) reads the same', async () => {
  const text = readFileSync(accessLog);
  const stdin = (async function* () {
    yield text;
  })();
  let stdout = '';
  const out = new Writable({ write: (c, _e, cb) => ((stdout += c.toString()), cb()) });
  const code = await main(['logs', '-'], { stdout: out, stderr: new Writable({ write: (_c, _e, cb) => cb() }), stdin: stdin as unknown as NodeJS.ReadableStream, env: {} });
  assert.equal(code, 1);
  assert.match(stdout, new RegExp(`SESSIONS_CUT_AT_TIMEOUT +${unpinged} WebSocket sessions \\(${Math.round((unpinged / SESSIONS) * 100)}% of ${SESSIONS}\\) ended after 3(\\.\\d)? s`));
  assert.match(stdout, /UPGRADE_NOT_FORWARDED +3 requests on the WebSocket path got 426 ×3/);
  assert.match(stdout, /UPSTREAM_ERRORS +3 requests .* default-dead-8080 ×3/);
  assert.match(stdout, /2–5 s +█{36} +\d+ +\d+%/);
  assert.match(stdout, /<stdin>:\d+/);
});

test("wsgate's own log of the same sessions: closed 1006 after ~3 s", async () => {
  const run = await cli([join(dir.dir, 'wsgate.log'), '--json']);
  const report = JSON.parse(run.stdout) as { findings: Array<{ code: string; data: Record<string, unknown> }> };
  const closes = report.findings.find((f) => f.code === 'CLOSE_CODES')!;
  assert.deepEqual(closes.data.codes, { 1006: SESSIONS });
  const cut = report.findings.find((f) => f.code === 'SESSIONS_CUT_AT_TIMEOUT')!;
  assert.equal(cut.data.source, 'wsgate');
  assert.ok(Math.abs((cut.data.seconds as number) - 3) <= 0.3);
});
