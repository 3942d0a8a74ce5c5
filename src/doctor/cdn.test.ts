import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCdn, isCloudflareAddress } from './cdn.js';

test('CNAME suffixes name the CDN (docs/facts.md table)', () => {
  const cases: Array<[string, string]> = [
    ['ws.example.com.cdn.cloudflare.net', 'cloudflare'],
    ['d111111abcdef8.cloudfront.net', 'cloudfront'],
    ['e1234.a.akamaiedge.net', 'akamai'],
    ['example.map.fastly.net', 'fastly'],
    ['example.azurefd.net', 'azure'],
    ['ws.example.com.w.kunlunsl.com', 'alibaba'],
    ['ws.example.com.cdn.dnsv1.com', 'tencent'],
    ['ws.example.com.qiniudns.com', 'qiniu'],
  ];
  for (const [cname, provider] of cases) assert.equal(detectCdn({ cnames: [cname] }).provider, provider, cname);
  assert.equal(detectCdn({ cnames: ['ws.example.com.notcloudflare.net'] }).provider, null);
});

test('response headers name the CDN, and EdgeOne is told apart', () => {
  assert.equal(detectCdn({ headers: { server: 'cloudflare', 'cf-ray': '1-SJC' } }).provider, 'cloudflare');
  assert.equal(detectCdn({ headers: { 'x-amz-cf-id': 'x', via: '1.1 abc.cloudfront.net (CloudFront)' } }).provider, 'cloudfront');
  assert.equal(detectCdn({ headers: { eagleid: 'x' } }).provider, 'alibaba');
  const eo = detectCdn({ headers: { 'eo-log-uuid': 'x' } });
  assert.equal(eo.provider, 'tencent');
  assert.equal(eo.product, 'edgeone');
  assert.equal(detectCdn({ headers: { server: 'nginx' } }).provider, null);
});

test("shipped Cloudflare ranges: v4 and v6 inside, others outside", () => {
  assert.equal(isCloudflareAddress('104.16.132.229'), true);
  assert.equal(isCloudflareAddress('172.67.1.1'), true);
  assert.equal(isCloudflareAddress('2606:4700::6810:84e5'), true);
  assert.equal(isCloudflareAddress('127.0.0.1'), false);
  assert.equal(isCloudflareAddress('2001:db8::1'), false);
  assert.equal(isCloudflareAddress('not-an-ip'), false);
});
