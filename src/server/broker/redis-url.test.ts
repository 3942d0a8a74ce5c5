import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisUrlError, isRedisSpec, parseRedisUrl, redact } from './redis-url.js';

test('redis url: a single Redis, with database, credentials and TLS', () => {
  assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6379'), { mode: 'standalone', host: '127.0.0.1', port: 6379, db: 0, tls: false });
  assert.deepEqual(parseRedisUrl('redis://cache/3'), { mode: 'standalone', host: 'cache', port: 6379, db: 3, tls: false });
  assert.deepEqual(parseRedisUrl('rediss://app:s%40cret@r.example.com:6380/1'), {
    mode: 'standalone', host: 'r.example.com', port: 6380, db: 1, username: 'app', password: 's@cret', tls: true,
  });
  assert.deepEqual(parseRedisUrl('redis://:pw@[::1]:7000'), { mode: 'standalone', host: '::1', port: 7000, db: 0, password: 'pw', tls: false });
});

test('redis url: Sentinel and Cluster', () => {
  assert.deepEqual(parseRedisUrl('redis+sentinel://s1:26379,s2/mymaster/2?sentinelPassword=x'), {
    mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], name: 'mymaster', db: 2, sentinelPassword: 'x', tls: false,
  });
  assert.deepEqual(parseRedisUrl('redis+cluster://:pw@n1:7000,n2:7001'), {
    mode: 'cluster', nodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }], password: 'pw', tls: false,
  });
});

test('redis url: bad specs name what is wrong, without the password', () => {
  const bad: Array<[string, RegExp]> = [
    ['redis://', /no host/],
    ['redis://h:99999', /out of range/],
    ['redis://h/abc', /database "abc"/],
    ['redis://a,b', /several hosts/],
    ['redis+sentinel://s1:26379', /master name/],
    ['redis+cluster://n1/0', /no databases/],
    ['memcached://x', /unknown scheme/],
    ['nonsense', /not a URL/],
  ];
  for (const [spec, why] of bad) assert.throws(() => parseRedisUrl(spec), (e: unknown) => e instanceof RedisUrlError && why.test(e.message), spec);
  assert.throws(() => parseRedisUrl('redis://u:hunter2@h:0'), (e: unknown) => e instanceof Error && !e.message.includes('hunter2'));
  assert.equal(redact('redis://u:hunter2@h:1/0'), 'redis://u:***@h:1/0');
  assert.equal(redact('redis://h:1'), 'redis://h:1');
});

test('redis url: isRedisSpec recognises every Redis form and nothing else', () => {
  for (const s of ['redis://h', 'rediss://h', 'redis+sentinel://h/m', 'rediss+sentinel://h/m', 'redis+cluster://h', 'rediss+cluster://h', 'REDIS://h']) assert.equal(isRedisSpec(s), true, s);
  for (const s of ['memory', 'http://h', '', 'redis+tls://h', 'redis:h']) assert.equal(isRedisSpec(s), false, s);
});
