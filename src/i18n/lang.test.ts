import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLang, langFromEnv, langFromList, parseLang } from './lang.js';
import { missingWords } from './words.js';

test('locales and language tags map to the languages we have', () => {
  for (const v of ['zh_CN.UTF-8', 'zh_CN', 'zh-CN', 'zh', 'zh-Hans-CN', 'zh_TW.UTF-8', 'ZH_cn.utf8@euro']) assert.equal(parseLang(v), 'zh-CN', v);
  for (const v of ['en_US.UTF-8', 'en', 'en-GB']) assert.equal(parseLang(v), 'en', v);
  for (const v of ['fr_FR.UTF-8', 'C', 'POSIX', '', undefined]) assert.equal(parseLang(v), null, String(v));
});

test('the environment: LC_ALL over LC_MESSAGES over LANG; C or an unknown locale is English', () => {
  assert.equal(langFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-CN');
  assert.equal(langFromEnv({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-CN');
  assert.equal(langFromEnv({ LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(langFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-CN');
  assert.equal(langFromEnv({ LANG: 'de_DE.UTF-8' }), 'en');
  assert.equal(langFromEnv({}), 'en');
});

test('the browser: the first preferred language we have words for', () => {
  assert.equal(langFromList(['zh-CN', 'en-US']), 'zh-CN');
  assert.equal(langFromList(['de-DE', 'zh-TW', 'en']), 'zh-CN');
  assert.equal(langFromList(['ja']), 'en');
  assert.equal(langFromList([]), 'en');
});

test('--lang takes exactly en or zh-CN', () => {
  assert.ok(isLang('en') && isLang('zh-CN'));
  assert.ok(!isLang('zh') && !isLang('zh_CN') && !isLang('fr'));
});

test('missingWords names the language and key a table lacks', () => {
  assert.deepEqual(missingWords({ en: { a: 1, b: 2 }, 'zh-CN': { a: 1, c: 3 } }), ['en: c', 'zh-CN: b']);
  assert.deepEqual(missingWords({ en: { a: 1 }, 'zh-CN': { a: 2 } }), []);
});
