// The console's browser test promises the doctor's words (docs/console.md: same codes, same
// remedies). The words are written once, in src/knowledge/path-findings.ts, which the console
// imports too; the doctor's catalog uses those entries. What can still drift apart: the
// catalog growing its own copy of a shared code again, and the two CDN votes (the doctor's
// detectCdn weighs CNAMEs and addresses too; the console's cdnFromHeaders only headers)
// naming different CDNs for the same response headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCTOR_CATALOG } from '../src/doctor/catalog.js';
import { detectCdn } from '../src/doctor/cdn.js';
import { describe } from '../src/findings/index.js';
import { PATH_FINDINGS, cdnFromHeaders, explainPathFinding } from '../src/knowledge/index.js';

test('every path finding the console shows is the doctor catalog entry itself, not a copy', () => {
  for (const [code, shared] of Object.entries(PATH_FINDINGS)) {
    assert.ok(DOCTOR_CATALOG[code], `${code} is a doctor code`);
    assert.equal(DOCTOR_CATALOG[code], shared, `DOCTOR_CATALOG.${code} must be PATH_FINDINGS.${code}`);
  }
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
    // Ties and majorities between providers: both votes must break them alike.
    { 'cf-ray': '8a1-SJC', 'x-amz-cf-id': 'abc' },
    { 'x-amz-cf-id': 'abc', 'cf-ray': '8a1-SJC' },
    { 'cf-ray': '8a1-SJC', 'x-amz-cf-id': 'abc', 'x-amz-cf-pop': 'SFO5' },
    { server: 'nginx' },
    {},
  ];
  for (const headers of seen) assert.equal(cdnFromHeaders(headers), detectCdn({ headers }).provider, JSON.stringify(headers));
});

test('the console and the doctor turn the same observation into the same Finding', () => {
  const data = { status: 502, statusText: 'Bad Gateway', cause: 'bad-gateway', proxy: 'nginx' };
  assert.deepEqual(explainPathFinding('HANDSHAKE_REJECTED', data), describe(DOCTOR_CATALOG, { code: 'HANDSHAKE_REJECTED', data }));
});
