// The console's browser test promises the doctor's words (issue 8: "same codes, same
// remedies"). The words live in src/protocol/path-findings.ts, where the console can import
// them; this test fails the moment the doctor's catalog and that table say different things.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCTOR_CATALOG } from '../src/doctor/catalog.js';
import { detectCdn as doctorDetectCdn, detectProxy as doctorDetectProxy } from '../src/doctor/cdn.js';
import { rejectionCause as doctorRejectionCause } from '../src/doctor/checks/upgrade.js';
import { remedyFor as doctorRemedyFor } from '../src/doctor/remedies.js';
import { PATH_FINDINGS, cdnFromHeaders, detectProxy, rejectionCause, remedyFor, type CdnProvider, type ProxyKind } from '../src/protocol/index.js';

const CDNS: Array<CdnProvider | null> = [null, 'cloudflare', 'cloudfront', 'akamai', 'fastly', 'azure', 'alibaba', 'tencent', 'qiniu'];
const PROXIES: Array<ProxyKind | null> = [null, 'nginx', 'haproxy', 'caddy', 'alb', 'envoy', 'traefik', 'tengine', 'openresty'];

const SAMPLES: Record<string, unknown>[] = [
  {},
  { address: '203.0.113.7', port: 443, timeoutMs: 10_000 },
  { status: 426, statusText: 'Upgrade Required', cause: 'upgrade-not-forwarded', answeredBy: 'nginx', proxy: 'nginx' },
  { status: 426, cause: 'upgrade-not-forwarded', cdn: 'cloudflare', proxy: 'nginx' },
  { status: 502, statusText: 'Bad Gateway', cause: 'bad-gateway', proxy: 'haproxy' },
  { status: 502, cause: 'bad-gateway', cdn: 'tencent' },
  ...['not-found', 'forbidden', 'unavailable', 'method-not-allowed', 'other', 'teapot'].map((cause) => ({ status: 418, cause })),
  { status: 403, cause: 'forbidden', cdn: 'cloudflare' },
  { closeCode: 4401, reason: 'token expired' },
  { status: 401, tokenSource: 'none' },
  { afterMs: 12 },
  { afterMs: 30, closeCode: 1012, reason: 'server draining;reconnect=900' },
  { closedAfterMs: 60_200, closeCode: 1006, proxy: 'nginx' },
  { closedAfterMs: 100_000, cdn: 'cloudflare' },
];

test('every path finding reads the same in the doctor and in the console', () => {
  for (const [code, shared] of Object.entries(PATH_FINDINGS)) {
    const doctor = DOCTOR_CATALOG[code];
    assert.ok(doctor, `${code} is a doctor code`);
    assert.equal(shared.severity, doctor.severity, `${code} severity`);
    assert.equal(shared.title, doctor.title, `${code} title`);
    for (const data of SAMPLES) {
      assert.equal(shared.message(data), doctor.message(data), `${code} message for ${JSON.stringify(data)}`);
      assert.equal(shared.remedy(data), doctor.remedy(data), `${code} remedy for ${JSON.stringify(data)}`);
    }
  }
});

test('remedies by CDN and proxy, rejection causes and proxy fingerprints agree', () => {
  for (const topic of ['upgrade-not-forwarded', 'bad-gateway', 'idle'] as const) {
    for (const cdn of CDNS) for (const proxy of PROXIES) assert.equal(remedyFor(topic, { cdn, proxy }), doctorRemedyFor(topic, { cdn, proxy }), `${topic} ${cdn} ${proxy}`);
  }
  const bodies = ['', '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>'];
  for (let status = 100; status < 600; status++) for (const body of bodies) assert.equal(rejectionCause(status, body), doctorRejectionCause(status, body), `status ${status}`);
  const answers: Array<[Record<string, string>, string]> = [
    [{ server: 'nginx/1.26.3' }, ''],
    [{}, '<center>nginx</center>'],
    [{ server: 'openresty/1.25' }, ''],
    [{ server: 'Tengine' }, ''],
    [{ server: 'awselb/2.0' }, ''],
    [{ server: 'envoy' }, ''],
    [{ 'x-envoy-upstream-service-time': '3' }, ''],
    [{ server: 'Caddy' }, ''],
    [{ server: 'traefik' }, ''],
    [{}, 'No server is available to handle this request.'],
    [{ server: 'node' }, 'hello'],
  ];
  for (const [headers, body] of answers) assert.equal(detectProxy(headers, body), doctorDetectProxy(headers, body), JSON.stringify(headers) + body);
});

test('a CDN is recognised from response headers the same way', () => {
  const seen: Array<Record<string, string>> = [
    { server: 'cloudflare', 'cf-ray': '8a1-SJC' },
    { 'x-amz-cf-id': 'abc', via: '1.1 x.cloudfront.net (CloudFront)' },
    { server: 'AkamaiGHost' },
    { 'x-served-by': 'cache-sjc1', 'x-timer': 'S1' },
    { 'x-azure-ref': 'r' },
    { eagleid: 'e', via: 'kunlun1.cn' },
    { 'x-nws-log-uuid': 'u' },
    { 'eo-log-uuid': 'u', 'eo-cache-status': 'MISS' },
    { 'x-qnm-cache': 'Hit', 'x-reqid': 'r' },
    { server: 'nginx' },
    {},
  ];
  for (const headers of seen) assert.equal(cdnFromHeaders(headers), doctorDetectCdn({ headers }).provider, JSON.stringify(headers));
});
