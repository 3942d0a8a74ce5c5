import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBroker } from '../broker/memory.js';
import { DisconnectBus } from './disconnect-bus.js';

test('a disconnect on one node closes the user on every node and sums what each closed', async () => {
  const broker = new MemoryBroker(); // shared: three "nodes" in one process
  const open: Record<string, string[]> = { n1: ['alice', 'bob'], n2: ['alice', 'alice'], n3: ['carol'] };
  const calls: string[] = [];
  const buses = Object.keys(open).map(
    (node) =>
      new DisconnectBus({
        broker,
        nodeId: node,
        closeLocal: (user, code, reason) => {
          calls.push(`${node}:${user}:${code}:${reason}`);
          const before = open[node]!.length;
          open[node] = open[node]!.filter((u) => u !== user);
          return before - open[node]!.length;
        },
      }),
  );
  await Promise.all(buses.map((b) => b.start()));
  const started = Date.now();
  assert.equal(await buses[2]!.disconnect('alice', 4403, 'bye'), 3);
  assert.ok(Date.now() - started < 1000, 'answers as soon as every node replied, not at the timeout');
  assert.deepEqual(open, { n1: ['bob'], n2: [], n3: ['carol'] });
  assert.deepEqual(calls.sort(), ['n1:alice:4403:bye', 'n2:alice:4403:bye', 'n3:alice:4403:bye']);
  await buses[1]!.stop();
  assert.equal(await buses[0]!.disconnect('bob', 4403, 'bye'), 1, 'a stopped node is no longer waited for');
  await Promise.all(buses.map((b) => b.stop()));
});
