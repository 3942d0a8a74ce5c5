// The generated Deployment fits the real server: `wsgate serve` started with the container's
// env from `wsgate deploy k8s --wsgate` answers the readiness and liveness probes on the
// container port, and on SIGTERM fails readiness, closes sockets with 1012 and exits well
// inside terminationGracePeriodSeconds minus the preStop pause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import WebSocket from 'ws';
import { freePort, waitFor, waitForPort } from '../lab/index.js';
import { generate, resolveOptions } from '../../src/deploy/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.38';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('wsgate serve with the generated env answers the probes and drains within the grace period', async (t) => {
  const port = await freePort(HOST);
  const o = resolveOptions({ wsgate: true, port, drainWindowMs: 1000, drainTimeoutMs: 3000, path: '/api/ws/chat' });
  const [dep] = parseAllDocuments(generate('k8s', o)[0]!.content).map((d) => d.toJS() as Obj);
  const pod = dep!.spec.template.spec;
  const c = pod.containers[0];
  const env: Record<string, string> = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));

  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "import { main } from './src/cli/main.ts'; process.exitCode = await main(['serve']);"], {
    cwd: root,
    env: { ...process.env, ...env, WSGATE_HOST: HOST, WSGATE_TOKENS: 'tok-k8s:k8s', WSGATE_LOG_LEVEL: 'warn', WSGATE_STATS_INTERVAL: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.once('exit', (code) => r({ code, at: Date.now() })));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await waitForPort(HOST, port, 20_000).catch((err: Error) => assert.fail(`${err.message}\n${output}`));

  const probe = (p: { httpGet: { path: string; port: string } }) => {
    assert.equal(p.httpGet.port, 'http');
    assert.equal(c.ports.find((x: { name: string }) => x.name === 'http').containerPort, port);
    return fetch(`http://${HOST}:${port}${p.httpGet.path}`).then((r) => r.status);
  };
  assert.equal(await probe(c.readinessProbe), 200, 'readiness');
  assert.equal(await probe(c.livenessProbe), 200, 'liveness');
  assert.equal(await probe(c.startupProbe), 200, 'startup');

  const ws = new WebSocket(`ws://${HOST}:${port}${env.WSGATE_PATH}?token=tok-k8s`);
  await new Promise((resolve, reject) => {
    ws.once('message', resolve);
    ws.once('error', reject);
  });
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));

  const sigterm = Date.now();
  child.kill('SIGTERM');
  // Kubernetes sends SIGTERM after preStop; readiness must fail at once so no new socket lands here.
  let ready = 200 as number | string;
  await waitFor('readiness to fail after SIGTERM', async () => {
    ready = await fetch(`http://${HOST}:${port}${c.readinessProbe.httpGet.path}`).then((r) => r.status, () => 'refused');
    return ready !== 200;
  }, 1000);
  // 503, or the listener already closed: either way the kubelet marks the pod unready.
  assert.ok(ready === 503 || ready === 'refused', `readiness while draining: ${ready}`);
  assert.equal(await closed, 1012);
  const exit = await exited;
  assert.equal(exit.code, 0, output);
  const budgetMs = (pod.terminationGracePeriodSeconds - Number(c.lifecycle.preStop.exec.command[1])) * 1000;
  assert.ok(exit.at - sigterm < budgetMs, `exited ${exit.at - sigterm} ms after SIGTERM; grace leaves ${budgetMs} ms`);
  assert.ok(exit.at - sigterm <= 3000 + 1500, 'exits by the drain timeout');
});
