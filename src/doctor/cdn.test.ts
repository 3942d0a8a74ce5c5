import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCdn, detectProxy, isCloudflareAddress } from './cdn.js';

test('CNAME suffixes name the CDN (FACTS.md table)', () => {
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

test('the proxy is named by its server header or its stock error page', () => {
  assert.equal(detectProxy({ server: 'nginx/1.24.0' }), 'nginx');
  assert.equal(detectProxy({}, '<html><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>'), 'nginx');
  assert.equal(detectProxy({}, '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.'), 'haproxy');
  assert.equal(detectProxy({ server: 'awselb/2.0' }), 'alb');
  assert.equal(detectProxy({ server: 'Caddy' }), 'caddy');
  assert.equal(detectProxy({}), null);
});
