// The CDN case from the guide, on loopback: dnsmasq serves a CNAME chain ending in
// *.cdn.cloudflare.net that points at a Cloudflare-like "edge" (nginx adding cf-ray and
// dropping the Upgrade header, as Cloudflare with WebSockets off would). The doctor must name
// Cloudflare, blame the upgrade, and with --origin/--resolve turn it into CDN_PATH_BROKEN.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, findBinary, IN_CI, startDnsmasq, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { finding, runDoctorCli, startNginxFront } from './doctor/lab.js';

const ORIGIN = '127.0.0.10';
const FRONT = '127.0.0.11';
const DNS = '127.0.0.15';
const EDGE = '127.0.0.16';
const missing = ['nginx', 'dnsmasq'].filter((b) => !findBinary(b));
if (missing.length && IN_CI) throw new Error(`${missing.join(', ')} not installed`);
const skip = missing.length ? `${missing.join(', ')} not installed (apt-get install -y nginx dnsmasq-base)` : false;

let origin: LabOrigin;
let dns: LabProxy;
let edge: LabProxy;
let front: LabProxy;
let url: string;
let dnsServer: string;

/** A port free on both the edge and the front address, so --resolve can keep the URL's port. */
async function sharedPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort(EDGE);
    if (await canBind(FRONT, p)) return p;
  }
  throw new Error('no port free on both addresses');
}

async function canBind(host: string, port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

before(async () => {
  if (skip) return;
  origin = await startOrigin({ host: ORIGIN });
  const port = await sharedPort();
  edge = await startNginxFront('cloudflare-edge', EDGE, port, `${ORIGIN}:${origin.port}`);
  front = await startNginxFront('right', FRONT, port, `${ORIGIN}:${origin.port}`);
  const dnsPort = await freePort(DNS);
  dns = await startDnsmasq({
    host: DNS,
    port: dnsPort,
    records: {
      // Two addresses, one dead: an A for the edge, and an AAAA (IPv4-mapped, so it stays on
      // this lab's loopback range) where nothing listens.
      a: { 'edge.cdn.cloudflare.net': EDGE, 'two.lab.test': `${EDGE},::ffff:127.0.0.24` },
      cname: { 'ws.lab.test': 'ws-lab-test.cdn.cloudflare.net', 'ws-lab-test.cdn.cloudflare.net': 'edge.cdn.cloudflare.net' },
    },
  });
  dnsServer = `${DNS}:${dnsPort}`;
  url = `ws://ws.lab.test:${port}/api/ws/chat`;
});

after(async () => {
  for (const p of [dns, front, edge]) await p?.stop().catch(() => {});
  await origin?.stop();
});

test('through the Cloudflare-like edge: CDN named from the CNAME chain and headers, the upgrade blamed', { skip }, async () => {
  const run = await runDoctorCli([url, '--dns-server', dnsServer, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1, run.stdout);
  // The edge drops the Upgrade headers but passes the SSE fallback to the wsgate origin.
  assert.deepEqual(run.codes, ['CDN_DETECTED', 'FALLBACK_WORKS', 'HANDSHAKE_REJECTED', 'PLAINTEXT_WS']);
  assert.deepEqual(run.report.facts.cnames, ['ws-lab-test.cdn.cloudflare.net', 'edge.cdn.cloudflare.net']);
  assert.deepEqual(run.report.addresses, [EDGE]);
  assert.equal(run.report.cdn.provider, 'cloudflare');
  assert.ok(run.report.cdn.evidence.some((e) => e.startsWith('CNAME ')), run.report.cdn.evidence.join('; '));
  assert.ok(run.report.cdn.evidence.some((e) => e.startsWith('header cf-ray')), run.report.cdn.evidence.join('; '));
  const rejected = finding(run, 'HANDSHAKE_REJECTED');
  assert.equal(rejected.data.cause, 'upgrade-not-forwarded');
  assert.match(rejected.remedy, /Cloudflare: Dashboard → Network → WebSockets/);
  assert.equal(run.report.checklist.find((i) => i.id === 'dns-only')?.status, 'fail');
});

test('--origin: the origin passes next to the failing CDN path → CDN_PATH_BROKEN', { skip }, async () => {
  const run = await runDoctorCli([url, '--dns-server', dnsServer, '--token', origin.token, '--timeout', '3s', '--origin', `${ORIGIN}:${origin.port}`]);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['CDN_DETECTED', 'CDN_PATH_BROKEN', 'FALLBACK_WORKS', 'HANDSHAKE_REJECTED', 'PLAINTEXT_WS']);
  assert.equal(run.report.origin?.ok, true);
  assert.deepEqual(run.report.origin?.addresses, [ORIGIN]);
  assert.equal(run.report.origin?.checks.find((c) => c.id === 'app')?.status, 'pass');
  assert.equal(finding(run, 'CDN_PATH_BROKEN').data.cdn, 'cloudflare');
});

test('--resolve host:port:addr replaces DNS as curl does (the hosts-file test): the pinned proxy passes, no CDN in sight', { skip }, async () => {
  const port = new URL(url).port;
  const pin = ['--resolve', `ws.lab.test:${port}:${FRONT}`];
  const run = await runDoctorCli([url, '--dns-server', dnsServer, '--token', origin.token, '--timeout', '3s', ...pin], { json: true });
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, ['PLAINTEXT_WS']);
  assert.deepEqual(run.report.addresses, [FRONT]);
  assert.deepEqual(run.report.pinned, { by: '--resolve', addresses: [FRONT] });
  assert.equal(run.report.proxy, 'nginx');
  assert.equal(run.report.facts.cnames?.length ?? 0, 0, 'DNS was not asked');
  const human = await runDoctorCli([url, '--dns-server', dnsServer, '--token', origin.token, '--timeout', '3s', ...pin], { json: false });
  assert.match(human.stdout, /Path via 127\.0\.0\.11 \(pinned by --resolve, no DNS\)/);
});

test('--resolve to the CDN edge (an address no DNS knows) with --origin to compare → CDN_PATH_BROKEN', { skip }, async () => {
  const port = new URL(url).port;
  // No --dns-server: the lab name exists nowhere but in the pin.
  const run = await runDoctorCli([url, '--token', origin.token, '--timeout', '3s', '--resolve', `ws.lab.test:${port}:${EDGE}`, '--origin', `${ORIGIN}:${origin.port}`]);
  assert.equal(run.code, 1);
  assert.ok(run.codes.includes('CDN_PATH_BROKEN'), run.codes.join());
  assert.deepEqual(run.report.pinned, { by: '--resolve', addresses: [EDGE] });
  assert.equal(run.report.cdn.provider, 'cloudflare');
  assert.equal(run.report.origin?.ok, true);
});

test('a name the DNS server does not know: DNS_FAILED, nothing else tried', { skip }, async () => {
  const run = await runDoctorCli(['ws://nowhere.lab.test/api/ws/chat', '--dns-server', dnsServer, '--timeout', '2s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['DNS_FAILED', 'PLAINTEXT_WS']);
  assert.equal(run.report.checks.find((c) => c.id === 'tcp')?.status, 'skip');
});

test('every address is tried: one dead AAAA next to a working A gives ADDRESS_UNREACHABLE', { skip }, async () => {
  const port = new URL(url).port;
  const run = await runDoctorCli([`ws://two.lab.test:${port}/api/ws/chat`, '--dns-server', dnsServer, '--token', origin.token, '--timeout', '2s']);
  assert.deepEqual(run.report.facts.addresses, [EDGE, '::ffff:127.0.0.24']);
  assert.ok(run.codes.includes('ADDRESS_UNREACHABLE'), run.codes.join());
  const tcp = run.report.facts.tcp ?? [];
  assert.deepEqual(tcp.map((r) => [r.address, r.ok, r.error ?? null]), [[EDGE, true, null], ['::ffff:127.0.0.24', false, 'ECONNREFUSED']]);
  assert.deepEqual(run.report.addresses, [EDGE], 'later steps use the address that answered');
});
