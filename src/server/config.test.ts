import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envOf, flagOf, parseBytes, parseDurationMs, resolveConfig, staticTokenMap } from './config.js';
import { ConfigError } from './errors.js';

function errorOf(options: Record<string, unknown>, sources?: Record<string, string>): ConfigError {
  try {
    resolveConfig(options, sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('expected a ConfigError');
}

test('defaults (docs/server.md): port 8080, /api/ws/chat, ping well under 15 s, memory broker, dev mode', () => {
  const cfg = resolveConfig({});
  assert.equal(cfg.port, 8080);
  assert.equal(cfg.path, '/api/ws/chat');
  assert.ok(cfg.pingInterval + cfg.heartbeatTimeout <= 30_000 && cfg.pingInterval < 15_000);
  assert.equal(cfg.broker, 'memory');
  assert.equal(cfg.devMode, true);
  assert.equal(cfg.logLevel, 'info');
});

test('strings from flags and env are coerced: durations, sizes, lists, tokens', () => {
  const cfg = resolveConfig({ port: '0', pingInterval: '5s', drainWindow: '2m', maxMessage: '64kb', allowedOrigins: 'https://a.com, https://b.com', tokens: 'a:alice,b:bob', rateLimit: '2.5' });
  assert.equal(cfg.port, 0);
  assert.equal(cfg.pingInterval, 5000);
  assert.equal(cfg.drainWindow, 120_000);
  assert.equal(cfg.maxMessage, 65_536);
  assert.deepEqual(cfg.allowedOrigins, ['https://a.com', 'https://b.com']);
  assert.equal(cfg.rateLimit, 2.5);
  assert.equal(cfg.devMode, false);
  assert.deepEqual([...staticTokenMap(cfg)], [['a', 'alice'], ['b', 'bob']]);
  assert.equal(resolveConfig({ tokens: { t1: 'u1' } }).tokens?.[0], 't1:u1');
});

test('any auth option ends dev mode', () => {
  assert.equal(resolveConfig({ jwtSecret: 'x'.repeat(16) }).devMode, false);
  assert.equal(resolveConfig({ jwksUrl: 'https://idp.example/jwks' }).devMode, false);
  assert.equal(resolveConfig({ introspectUrl: 'http://127.0.0.1:1/i' }).devMode, false);
});

test('a bad value names its flag, and the env var when it came from one', () => {
  assert.match(errorOf({ port: 'abc' }).message, /^--port: "abc" must be a whole number/);
  assert.equal(errorOf({ port: 70000 }).flag, '--port');
  assert.match(errorOf({ pingInterval: '50' }).message, /--ping-interval.*at least 100/);
  assert.match(errorOf({ maxConnectionsPerUser: '0' }).message, /--max-connections-per-user/);
  assert.match(errorOf({ jwtSecret: 'short' }).message, /--jwt-secret/);
  assert.match(errorOf({ logLevel: 'loud' }).message, /--log-level/);
  assert.match(errorOf({ path: 'no-slash' }).message, /--path/);
  assert.match(errorOf({ broker: 'nats://x' }).message, /--broker/);
  assert.match(errorOf({ historyTtl: '1x' }, { historyTtl: 'WSGATE_HISTORY_TTL' }).message, /^--history-ttl \(from WSGATE_HISTORY_TTL\)/);
});

test('names: flag and env forms of an option', () => {
  assert.equal(flagOf('maxConnectionsPerUser'), '--max-connections-per-user');
  assert.equal(envOf('pingInterval'), 'WSGATE_PING_INTERVAL');
  assert.equal(parseDurationMs('1.5s'), 1500);
  assert.equal(parseDurationMs('soon'), null);
  assert.equal(parseBytes('1mb'), 1_048_576);
  assert.equal(parseBytes('-1'), null);
});

test('backend options: --api-key or --api-key-file (one of them), proxy globs, timeout and the --proxy-connect flag', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'wsgate-key-'));
  const file = join(dir, 'key');
  writeFileSync(file, 'file-key-0123456789abcdef\nignored second line\n');
  assert.equal(resolveConfig({ apiKeyFile: file }).apiKey, 'file-key-0123456789abcdef');
  assert.match(errorOf({ apiKey: 'k'.repeat(20), apiKeyFile: file }).message, /--api-key-file: give the key once/);
  assert.match(errorOf({ apiKeyFile: join(dir, 'missing') }).message, /--api-key-file: cannot read .*ENOENT/);
  const cfg = resolveConfig({ proxyUrl: 'http://127.0.0.1:3000/hooks', proxyPublish: 'ai:*, support:*', proxyConnect: 'true', proxyTimeout: '2s' });
  assert.deepEqual([cfg.proxyPublish, cfg.proxyConnect, cfg.proxyTimeout, cfg.proxySubscribe], [['ai:*', 'support:*'], true, 2000, []]);
  assert.equal(resolveConfig({}).proxyTimeout, 5000, '--proxy-timeout defaults to 5s');
  assert.match(errorOf({ proxyUrl: 'ftp://x' }).message, /--proxy-url/);
});

test('a bad secret is refused without echoing it', () => {
  for (const [key, flag] of [['apiKey', '--api-key'], ['proxySecret', '--proxy-secret'], ['jwtSecret', '--jwt-secret']] as const) {
    const e = errorOf({ [key]: 'short-secret' });
    assert.match(e.message, new RegExp(flag));
    assert.ok(!e.message.includes('short-secret'), e.message);
  }
});

test('dev mode listens on 127.0.0.1 unless --host says otherwise; with auth the default is 0.0.0.0', () => {
  assert.equal(resolveConfig({}).host, '127.0.0.1');
  assert.equal(resolveConfig({ host: '0.0.0.0' }).host, '0.0.0.0');
  assert.equal(resolveConfig({ tokens: 'a:alice' }).host, '0.0.0.0');
  assert.equal(resolveConfig({ jwtSecret: 'x'.repeat(32) }).host, '0.0.0.0');
});

test('--broker takes every Redis scheme, TLS Sentinel and TLS Cluster included', () => {
  for (const broker of ['redis://h:1', 'rediss://h:1', 'redis+sentinel://h:1/m', 'rediss+sentinel://h:1/m', 'redis+cluster://h:1', 'rediss+cluster://h:1']) {
    assert.equal(resolveConfig({ broker }).broker, broker);
  }
  assert.match(errorOf({ broker: 'nats://h' }).message, /--broker/);
});
