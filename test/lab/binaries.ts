// Finding the real programs the integration tests drive. In CI a missing one is a failure
// (ARCHITECTURE.md "Tests": `requireBinary` fails in CI, so nothing is skipped silently); locally the
// test is skipped with a message that says what to install.
import { accessSync, constants } from 'node:fs';
import type { TestContext } from 'node:test';

const KNOWN: Record<string, { paths: string[]; apt: string }> = {
  nginx: { paths: ['/usr/sbin/nginx', '/usr/bin/nginx'], apt: 'nginx' },
  haproxy: { paths: ['/usr/sbin/haproxy', '/usr/bin/haproxy'], apt: 'haproxy' },
  caddy: { paths: ['/usr/bin/caddy', '/usr/local/bin/caddy'], apt: 'caddy' },
  dnsmasq: { paths: ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq'], apt: 'dnsmasq-base' },
  chromium: { paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], apt: 'chromium' },
  'redis-server': { paths: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'], apt: 'redis-server' },
  'redis-cli': { paths: ['/usr/bin/redis-cli', '/usr/local/bin/redis-cli'], apt: 'redis-tools' },
};

/** The path of a program, or null when it is not installed. */
export function findBinary(name: string): string | null {
  const known = KNOWN[name];
  const paths = known ? known.paths : [`/usr/sbin/${name}`, `/usr/bin/${name}`, `/usr/local/bin/${name}`];
  for (const p of paths) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // try the next one
    }
  }
  return null;
}

export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * The path of a program the test needs. Missing: throws in CI (a failure), skips the test
 * locally (when given its context) with the apt package to install, or throws otherwise.
 */
export function requireBinary(name: string, t?: TestContext): string {
  const path = findBinary(name);
  if (path) return path;
  const apt = KNOWN[name]?.apt ?? name;
  const message = `${name} is not installed (apt-get install -y ${apt})`;
  if (!IN_CI && t) {
    t.skip(message);
    return '';
  }
  throw new Error(message);
}
