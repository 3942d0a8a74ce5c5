// The Redis broker on Redis Sentinel and Redis Cluster (docs/scaling.md "Options": Redis Sentinel
// and Cluster, as far as the client library supports them), each built from real redis-server processes
// on this area's addresses: the broker finds the master through the sentinel (and follows a
// failover), and on a 3-master cluster every channel's keys and scripts stay in one slot.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, requireBinary, startProcess, tempDir, waitFor } from '../lab/index.js';
import type { BrokerMessage } from '../../src/server/broker/types.js';
import { pingable, sleep, startBroker, startPrivateRedis } from './redis-lab.js';

async function startSentinel(t: TestContext, host: string, master: { host: string; port: number }): Promise<number | null> {
  const bin = requireBinary('redis-server', t);
  if (!bin) return null;
  const d = tempDir('sentinel');
  const port = await freePort(host);
  const conf = join(d.dir, 'sentinel.conf');
  writeFileSync(conf, [
    `port ${port}`, `bind ${host}`, 'protected-mode no', `dir ${d.dir}`,
    `sentinel monitor mymaster ${master.host} ${master.port} 1`,
    'sentinel down-after-milliseconds mymaster 600',
    'sentinel failover-timeout mymaster 2000',
    '',
  ].join('\n'));
  const p = startProcess('redis-sentinel', bin, [conf, '--sentinel']);
  t.after(async () => {
    await p.stop();
    d.remove();
  });
  await waitFor('sentinel up', () => pingable(host, port), 10_000, 50);
  return port;
}

test('sentinel: redis+sentinel:// finds the master, shares channels across nodes, and follows a failover', async (t) => {
  // Redis 7 waits `repl-diskless-sync-delay` (5 s) for more replicas before a full sync; with it,
  // "replica in sync" raced the wait below (the cause of a red CI on 2026-11-26). Sync at once.
  const master = await startPrivateRedis(t, '127.0.0.75', () => ['--repl-diskless-sync-delay', '0']);
  if (!master) return;
  const replica = await startPrivateRedis(t, '127.0.0.75', () => ['--replicaof', master.host, String(master.port), '--replica-announce-ip', '127.0.0.75']);
  if (!replica) return;
  const sport = await startSentinel(t, '127.0.0.76', master);
  if (!sport) return;
  const url = `redis+sentinel://127.0.0.76:${sport}/mymaster`;
  const a = await startBroker(t, { url, prefix: 's:' });
  const b = await startBroker(t, { url, prefix: 's:' });
  assert.equal(a.health().up, true);
  const got: BrokerMessage[] = [];
  await b.subscribe('news', (m) => got.push(m));
  for (let i = 1; i <= 3; i++) await a.publish('news', i, { from: 'u' });
  await waitFor('delivered via the sentinel-found master', () => got.length === 3);
  const direct = new Redis(master.url);
  assert.equal(await direct.xlen('s:{news}:stream'), 3, 'the data is on the master the sentinel named');
  direct.disconnect();

  // Failover: the master dies, the sentinel promotes the replica, the brokers follow.
  await waitFor('replica in sync', async () => {
    const r = new Redis(replica.url);
    const n = await r.xlen('s:{news}:stream').catch(() => 0);
    r.disconnect();
    return n === 3;
  }, 20_000, 100);
  await master.kill();
  await waitFor('a down', () => !a.health().up, 5000);
  await waitFor('a up on the promoted replica', () => a.health().up && b.health().up, 20_000, 100);
  let ack;
  const failures: string[] = [];
  for (let i = 0; i < 50 && !ack; i++) ack = await a.publish('news', 'after failover', { from: 'u' }).catch((e: Error) => (failures.push(e.message), sleep(200).then(() => undefined)));
  assert.ok(ack, `publishing resumes after the failover (failures: ${failures.join('; ')})`);
  // Replication is asynchronous: the promoted replica may lack the last writes, so the channel
  // starts a new epoch rather than reuse offsets a client may already have seen.
  const oldEpoch = got[0]!.epoch;
  assert.notEqual(ack.epoch, oldEpoch);
  assert.equal(ack.offset, 1);
  await waitFor('delivered after the failover', () => got.length === 4, 5000);
  assert.deepEqual([got[3]!.data, got[3]!.epoch], ['after failover', ack.epoch]);
  assert.equal((await b.recover('news', { epoch: oldEpoch, offset: 3 })).recovered, false);
});

test('cluster: redis+cluster:// on three masters: channels in different slots fan out (sharded pub/sub), recover and dedupe', async (t) => {
  const cli = requireBinary('redis-cli', t);
  if (!cli) return;
  const hosts = ['127.0.0.77', '127.0.0.78', '127.0.0.79'];
  const d = tempDir('cluster');
  t.after(() => d.remove());
  const busPorts = await Promise.all(hosts.map((h) => freePort(h)));
  const nodes: NonNullable<Awaited<ReturnType<typeof startPrivateRedis>>>[] = [];
  for (const [i, h] of hosts.entries()) {
    const n = await startPrivateRedis(t, h, (port) => ['--cluster-enabled', 'yes', '--cluster-config-file', join(d.dir, `nodes-${port}.conf`), '--cluster-port', String(busPorts[i]), '--cluster-node-timeout', '2000', '--cluster-announce-ip', h, '--dir', d.dir]);
    if (!n) return;
    nodes.push(n);
  }
  const create = spawnSync(cli, ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(create.status, 0, `cluster create: ${create.stdout}${create.stderr}`);
  await waitFor('cluster_state:ok', () => {
    const r = spawnSync(cli, ['-h', nodes[0]!.host, '-p', String(nodes[0]!.port), 'cluster', 'info'], { encoding: 'utf8' });
    return r.stdout.includes('cluster_state:ok');
  }, 15_000, 100);

  const url = `redis+cluster://${nodes[0]!.host}:${nodes[0]!.port}`;
  const a = await startBroker(t, { url, prefix: 'c:' });
  const b = await startBroker(t, { url, prefix: 'c:' });
  assert.equal(a.health().up, true);
  // Channels that hash to slots on different masters.
  const channels = ['room:1', 'room:2', 'room:3', 'room:4', 'room:5', 'room:6'];
  const got = new Map<string, unknown[]>(channels.map((c) => [c, []]));
  for (const c of channels) await b.subscribe(c, (m) => got.get(c)!.push(m.data));
  for (const c of channels) for (let i = 1; i <= 3; i++) await a.publish(c, `${c}#${i}`, { from: 'u', idempotencyKey: `k${i}` });
  await waitFor('every channel delivered', () => channels.every((c) => got.get(c)!.length === 3), 5000);
  for (const c of channels) assert.deepEqual(got.get(c), [`${c}#1`, `${c}#2`, `${c}#3`]);

  const dup = await b.publish('room:4', 'again', { from: 'u', idempotencyKey: 'k2' });
  assert.equal(dup.duplicate, true);
  assert.equal(dup.offset, 2);
  const pos = await b.position('room:5');
  const rec = await b.recover('room:5', { epoch: pos.epoch, offset: 1 });
  assert.equal(rec.recovered, true);
  assert.deepEqual(rec.messages.map((m) => m.data), ['room:5#2', 'room:5#3']);
  await a.presenceAdd('room:6', 'alice', 'x1');
  assert.deepEqual(await b.presence('room:6'), [{ id: 'alice', connections: 1 }]);

  // The channels really are spread over the masters.
  const slotOwners = new Set<string>();
  for (const n of nodes) {
    const r = new Redis(n.url);
    const keys = await r.keys('c:*:stream');
    r.disconnect();
    if (keys.length) slotOwners.add(n.host);
  }
  assert.ok(slotOwners.size >= 2, `streams live on several masters (${[...slotOwners].join(', ')})`);
  // Sharded pub/sub: the subscription sits on the channel's master only (SSUBSCRIBE), and no
  // classic subscription exists that every PUBLISH would be broadcast to.
  let sharded = 0;
  let classic = 0;
  for (const n of nodes) {
    const r = new Redis(n.url);
    sharded += Number(((await r.call('PUBSUB', 'SHARDNUMSUB', 'c:{room:1}:pub')) as [string, number])[1]);
    classic += Number(((await r.call('PUBSUB', 'NUMSUB', 'c:{room:1}:pub')) as [string, number])[1]);
    r.disconnect();
  }
  assert.deepEqual({ sharded, classic }, { sharded: 1, classic: 0 });
  // Close the nodes before the cluster goes away (teardown runs the servers' stop first).
  await Promise.all([a.close(), b.close()]);
});
