// What one publish costs Redis (docs/capacity.md): a private redis-server on a free loopback
// port, one Redis broker from the built package (dist/) subscribed to the channel it publishes
// to, and N publishes of a 64 B payload issued `batch` per event-loop turn (1 = one round trip
// each, as before batching; 128 = the most one script call takes). Redis's own CPU time
// (INFO cpu) and bytes on its sockets (INFO stats), per publish, and the node's CPU per publish.
//
//   npx tsx bench/redis-cost.ts [publishes per batch size, default 20000]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const N = Number(process.argv[2] ?? 20000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function info(port: number, section: string): Record<string, string> {
  const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'INFO', section], { encoding: 'utf8' }).stdout;
  return Object.fromEntries(out.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]));
}

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 50 && spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 100));
  const { createBroker } = (await import(new URL('../dist/server/index.js', import.meta.url).href)) as typeof import('../src/server/index.js');
  const broker = await createBroker(`redis://127.0.0.1:${port}`, { historySize: 100, historyTtlMs: 300_000, nodeId: 'cost' });
  await broker.start();
  let delivered = 0;
  await broker.subscribe('room:cost', () => void delivered++);
  const data = 'x'.repeat(64);
  console.log('| publishes per turn | Redis CPU per publish (µs) | node CPU per publish and delivery (µs) | bytes into Redis per publish | bytes out of Redis per publish | publishes/s |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const batch of [1, 16, 128]) {
    const cpu0 = info(port, 'cpu');
    const net0 = info(port, 'stats');
    const node0 = process.cpuUsage();
    const t0 = performance.now();
    const want = delivered + N;
    for (let i = 0; i < N; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, N - i) }, (_, k) => broker.publish('room:cost', data, { from: 'u1', idempotencyKey: `${batch}-${i + k}` })));
    }
    while (delivered < want && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
    const ms = performance.now() - t0;
    const cpu1 = info(port, 'cpu');
    const net1 = info(port, 'stats');
    const node = process.cpuUsage(node0);
    const redisUs = (Number(cpu1.used_cpu_user) + Number(cpu1.used_cpu_sys) - Number(cpu0.used_cpu_user) - Number(cpu0.used_cpu_sys)) * 1e6;
    const inB = Number(net1.total_net_input_bytes) - Number(net0.total_net_input_bytes);
    const outB = Number(net1.total_net_output_bytes) - Number(net0.total_net_output_bytes);
    console.log(`| ${batch} | ${(redisUs / N).toFixed(1)} | ${((node.user + node.system) / N).toFixed(1)} | ${Math.round(inB / N)} | ${Math.round(outB / N)} | ${Math.round((N * 1000) / ms).toLocaleString('en-US')} |`);
  }
  await broker.close();
} finally {
  redis.kill('SIGTERM');
}
