// deploy --lang zh-CN: the same configs, directive for directive; only the comments (and the
// DNS plan's words) are Chinese. Both languages have every comment (catalog test too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasChinese, missingWords } from '../../i18n/index.js';
import { resolveOptions } from '../options.js';
import { DEPLOY_COMMENTS } from './comments.js';
import { generate, TARGET_NAMES } from './index.js';

const stripComments = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.replace(/\s*#.*$/, ''))
    .filter((l) => l.trim() !== '')
    .join('\n');

test('every target: the same config in Chinese, comments aside; the comments are Chinese', () => {
  for (const target of TARGET_NAMES.filter((t) => t !== 'all')) {
    for (const extra of [{}, { gateway: 'public-gw', gatewayClass: 'cilium' }, { caddyVersion: '2.6' }]) {
      const en = generate(target, resolveOptions(extra));
      const zh = generate(target, { ...resolveOptions(extra), lang: 'zh-CN' });
      assert.deepEqual(zh.map((f) => f.path), en.map((f) => f.path), target);
      for (const [i, f] of zh.entries()) {
        assert.ok(hasChinese(f.description), `${target} ${f.path}: ${f.description}`);
        assert.ok(hasChinese(f.content), `${target} ${f.path} has Chinese comments`);
        if (f.path !== 'dns.txt') assert.equal(stripComments(f.content), stripComments(en[i]!.content), `${target} ${f.path}`);
      }
    }
  }
});

test('the comment tables have the same entries in every language', () => {
  assert.deepEqual(missingWords(DEPLOY_COMMENTS), []);
});
