// Words live in catalogs, one per language, and every code has words in every language.
// The test finds the catalogs itself (every `catalog*`/`*findings*` file under src/ is
// imported and its exports inspected), so a catalog or a code added later without Chinese
// words fails here, naming the code. It also calls every wording with sample data: a Chinese
// wording must say something in Chinese and never print "undefined".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LANGS, hasChinese, missingWords } from '../src/i18n/index.js';
import { wordedIn, type Catalog, type CodeInfo, type TranslatedCatalog } from '../src/findings/index.js';
import { RENDER_WORDS } from '../src/findings/render-words.js';
import { CHECKS, CHECK_TITLES_ZH, CHECKLIST_TITLES_ZH, DOCTOR_RENDER_WORDS, runDoctor } from '../src/doctor/index.js';
import { fakeIO } from '../src/doctor/context/fake.js';
import { CLOSE_MEANINGS_ZH, knownCloseCodes } from '../src/protocol/index.js';
import { PATH_FINDINGS, PATH_FINDINGS_ZH, REMEDY_WORDS, REMEDY_WORDS_ZH } from '../src/knowledge/index.js';
import { CLI_MESSAGES, MESSAGE_KEYS } from '../src/cli/messages.js';
import { CONSOLE_WORDS } from '../src/web/words/index.js';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const isCodeInfo = (v: unknown): v is CodeInfo =>
  typeof v === 'object' && v !== null && typeof (v as CodeInfo).severity === 'string' && typeof (v as CodeInfo).message === 'function' && typeof (v as CodeInfo).remedy === 'function';
const isCatalog = (v: unknown): v is Catalog => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every(isCodeInfo);
const isTranslated = (v: unknown): v is TranslatedCatalog => typeof v === 'object' && v !== null && isCatalog((v as TranslatedCatalog).en) && typeof (v as TranslatedCatalog).translations === 'object';
const inChinese = (c: Catalog): boolean => Object.values(c).every((i) => hasChinese(i.title));

/** Every catalog and translated catalog exported by a catalog or findings file under src/. */
async function discover(): Promise<{ catalogs: Map<string, Catalog>; translated: Map<string, TranslatedCatalog> }> {
  const catalogs = new Map<string, Catalog>();
  const translated = new Map<string, TranslatedCatalog>();
  for (const file of files(src).filter((f) => /catalog|findings/i.test(relative(src, f)))) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const where = `${relative(src, file)}: ${name}`;
      if (isTranslated(value)) translated.set(where, value);
      else if (isCatalog(value) && !inChinese(value)) catalogs.set(where, value);
    }
  }
  return { catalogs, translated };
}

/** Data that answers every field: arrays join, strings print, so every branch's template runs. */
function sampleData(variant: Record<string, unknown> = {}): Record<string, unknown> {
  const any = Object.assign(['203.0.113.7', '198.51.100.2'], { toString: () => '203.0.113.7' });
  // Fields whose shape a wording reads (lists of objects) get that shape.
  const extra: Record<string, unknown> = { upstreams: [{ upstream: '10.0.0.1:8080', count: 3 }], ...variant };
  return new Proxy(extra, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : any), has: () => true });
}

/** The data variants that pick different remedies (by CDN, proxy, rejection cause). */
const VARIANTS: Array<Record<string, unknown>> = [
  {},
  ...['cloudflare', 'cloudfront', 'akamai', 'fastly', 'azure', 'alibaba', 'tencent', 'qiniu'].flatMap((cdn) => [
    { cdn, provider: cdn, cause: 'upgrade-not-forwarded', proxy: undefined },
    { cdn, provider: cdn, cause: 'bad-gateway', proxy: undefined },
  ]),
  ...['nginx', 'haproxy', 'caddy', 'alb', 'envoy', 'traefik', 'tengine', 'openresty'].flatMap((proxy) => [
    { cdn: undefined, proxy, cause: 'upgrade-not-forwarded' },
    { cdn: undefined, proxy, cause: 'bad-gateway' },
  ]),
  ...['not-found', 'forbidden', 'unavailable', 'method-not-allowed', 'other'].map((cause) => ({ cause, cdn: undefined, proxy: undefined })),
  { closeCode: 1006, tokenSource: 'none', mainOk: true, secure: true, format: 'nginx', directive: 'nginx.ingress.kubernetes.io/proxy-http-version' },
  { closeCode: 4401, tokenSource: 'url', mainOk: false, secure: false, format: 'caddy', suggestion: 'proxy-read-timeout', defaulted: true },
];

test('every code of every catalog has words in every language', async () => {
  const { catalogs, translated } = await discover();
  assert.ok(catalogs.size >= 3 && translated.size >= 2, `found catalogs: ${[...catalogs.keys()].join(', ')}; translated: ${[...translated.keys()].join(', ')}`);
  const missing: string[] = [];
  // Each translated catalog: exactly the English codes, in every language.
  for (const [where, t] of translated) {
    for (const lang of LANGS) {
      if (lang === 'en') continue;
      const words = t.translations[lang];
      for (const code of Object.keys(t.en)) if (!words?.[code]) missing.push(`${where}: ${code} has no ${lang} words`);
      for (const code of Object.keys(words ?? {})) if (!(code in t.en)) missing.push(`${where}: ${lang} words for ${code}, which the English catalog lacks`);
    }
  }
  // Each English catalog: every code is covered by a translated catalog (the same entry).
  const covered = new Set<CodeInfo>([...translated.values()].flatMap((t) => Object.values(t.en)));
  for (const [where, c] of catalogs) for (const [code, info] of Object.entries(c)) if (!covered.has(info)) missing.push(`${where}: ${code} is in no translated catalog (pair it with translated() and add its words)`);
  assert.deepEqual(missing, []);
});

test('every Chinese wording says something in Chinese for every kind of data, and never "undefined"', async () => {
  const { translated } = await discover();
  const bad: string[] = [];
  for (const [where, t] of translated) {
    for (const lang of LANGS) {
      const catalog = wordedIn(t, lang);
      for (const [code, info] of Object.entries(catalog)) {
        for (const variant of VARIANTS) {
          const d = sampleData(variant);
          for (const part of ['message', 'remedy'] as const) {
            let text: string;
            try {
              text = info[part](d);
            } catch (err) {
              bad.push(`${where} ${lang} ${code}.${part} throws: ${(err as Error).message}`);
              continue;
            }
            if (/undefined/.test(text)) bad.push(`${where} ${lang} ${code}.${part} prints "undefined": ${text}`);
            if (lang === 'zh-CN' && !hasChinese(text)) bad.push(`${where} ${lang} ${code}.${part} is not Chinese: ${text}`);
          }
        }
        if (lang === 'zh-CN' && !hasChinese(info.title)) bad.push(`${where} ${lang} ${code}.title is not Chinese: ${info.title}`);
        if (lang === 'zh-CN' && info.severity !== t.en[code]!.severity) bad.push(`${where} ${code}: severity differs by language`);
      }
    }
  }
  assert.deepEqual([...new Set(bad)], []);
});

test('the path findings and remedies shared with the console: the same codes and topics in Chinese', () => {
  assert.deepEqual(Object.keys(PATH_FINDINGS_ZH).sort(), Object.keys(PATH_FINDINGS).sort());
  for (const key of ['cdnUpgrade', 'cdnIdle', 'proxyUpgrade', 'proxyIdle', 'badGateway'] as const) assert.deepEqual(Object.keys(REMEDY_WORDS_ZH[key]).sort(), Object.keys(REMEDY_WORDS[key]).sort(), key);
  for (const [cdn, text] of Object.entries(REMEDY_WORDS_ZH.cdnUpgrade)) assert.ok(hasChinese(text), cdn);
  assert.deepEqual(knownCloseCodes().map((c) => c.code).filter((c) => !(c in CLOSE_MEANINGS_ZH)), []);
});

test("the renderers', the doctor's, the CLI's and the console's own words exist in every language", async () => {
  assert.deepEqual(missingWords(RENDER_WORDS), []);
  assert.deepEqual(missingWords(DOCTOR_RENDER_WORDS), []);
  assert.deepEqual(missingWords(CLI_MESSAGES), []);
  const { BUNDLE_LANGS } = await import('../src/doctor/bundle/languages.js');
  const shapeOf = (v: unknown, path = ''): string[] =>
    typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => [`${path}${k}`, ...(typeof x === 'function' || Array.isArray(x) ? [] : shapeOf(x, `${path}${k}.`))]) : [];
  assert.deepEqual(shapeOf(BUNDLE_LANGS['zh-CN']).sort(), shapeOf(BUNDLE_LANGS.en).sort(), 'support bundle words');
  for (const key of MESSAGE_KEYS) {
    const zh = CLI_MESSAGES['zh-CN'][key]({ name: 'x', value: 'x', flag: '--x', detail: "Unknown option '--x'", command: 'doctor' });
    assert.ok(hasChinese(zh), `cli message ${key} is not Chinese: ${zh}`);
  }
  // The console: the same keys, deeply, in both languages.
  const shape = (v: unknown, path = ''): string[] =>
    typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => [`${path}${k}`, ...(typeof x === 'function' ? [] : shape(x, `${path}${k}.`))]) : [];
  assert.deepEqual(shape(CONSOLE_WORDS['zh-CN']).sort(), shape(CONSOLE_WORDS.en).sort());
  for (const [key, text] of Object.entries(CONSOLE_WORDS['zh-CN'].page)) if (key !== 'namePlaceholder') assert.ok(hasChinese(text), `console page.${key}: ${text}`);
  // Check titles and checklist titles: every check and every item the doctor can show.
  assert.deepEqual(CHECKS.map((c) => c.id).filter((id) => !CHECK_TITLES_ZH[id]), []);
  const report = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 1000 }, fakeIO({ dns: { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7'] } } }));
  assert.deepEqual(report.checklist.map((i) => i.id).filter((id) => !CHECKLIST_TITLES_ZH[id]), []);
});

test('prose a lint rule puts in data (look-alike annotations) has Chinese words too', async () => {
  const { LOOK_ALIKES } = await import('../src/deploy/lint/ingress-nginx-annotations.js');
  const { LOOK_ALIKES_ZH } = await import('../src/deploy/lint/catalog.zh-CN.js');
  assert.deepEqual(Object.keys(LOOK_ALIKES_ZH).sort(), Object.keys(LOOK_ALIKES).sort());
});

test('every known idle limit names its hop and note in Chinese', async () => {
  const { tightestKnownLimit, KNOWN_LIMITS_ZH } = await import('../src/knowledge/index.js');
  const cdns = ['cloudflare', 'cloudfront', 'akamai', 'fastly', 'azure', 'alibaba', 'tencent', 'qiniu'] as const;
  const proxies = ['nginx', 'haproxy', 'caddy', 'alb', 'envoy', 'traefik', 'tengine', 'openresty'] as const;
  const limits = [...cdns.map((c) => tightestKnownLimit(c, null)), ...proxies.map((p) => tightestKnownLimit(null, p))].filter((l) => l !== null);
  for (const l of limits) {
    const zh = KNOWN_LIMITS_ZH[l!.hop];
    assert.ok(zh, `no Chinese words for the hop ${l!.hop}`);
    if (l!.note) assert.ok(zh.note && hasChinese(zh.note), `no Chinese note for ${l!.hop}`);
  }
});

test('--help in Chinese: every command, every serve option, every deploy target, every flag of the English text', async () => {
  const { HELP_ZH, SERVE_OPTIONS_ZH, DEPLOY_TARGETS_ZH } = await import('../src/cli/help.zh-CN.js');
  const { OPTION_KEYS } = await import('../src/server/index.js');
  const { TARGETS } = await import('../src/deploy/index.js');
  const names = ['serve', 'doctor', 'deploy', 'lint', ...readdirSync(join(src, 'cli', 'commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.replace(/\.ts$/, ''))];
  for (const name of new Set(names)) {
    const { command } = (await import(`../src/cli/commands/${name}.js`)) as { command?: { usage: string; summary: string } };
    if (!command) continue;
    const zh = HELP_ZH[name];
    assert.ok(zh, `no Chinese --help for ${name}`);
    const text = zh.usage(TARGETS);
    assert.ok(hasChinese(text) && hasChinese(zh.summary), name);
    const flags = (t: string) => [...new Set(t.match(/--[a-z][a-z-]*/g) ?? [])].sort();
    assert.deepEqual(flags(text), flags(command.usage), `the flags of ${name} --help`);
  }
  assert.deepEqual(OPTION_KEYS.filter((k) => !SERVE_OPTIONS_ZH[k]), [], 'serve options without Chinese help');
  // Defaults drift when only the English changes: every number of the English line is in the Chinese one.
  const { SERVE_OPTION_HELP } = await import('../src/cli/commands/serve.js');
  const numbers = (t: string) => (t.match(/\d+(?:\.\d+)?/g) ?? []).sort();
  for (const k of OPTION_KEYS) assert.deepEqual(numbers(SERVE_OPTIONS_ZH[k] ?? ''), numbers(SERVE_OPTION_HELP[k] ?? ''), `serve --help, ${k}`);
  assert.deepEqual(TARGETS.map((t) => t.name).filter((n) => !DEPLOY_TARGETS_ZH[n]), [], 'deploy targets without Chinese help');
});

test('every CLI usage error is worded from the message table (none hard-coded in one language)', () => {
  const cli = join(src, 'cli');
  const literal = files(cli).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/new (UsageError|CliError)\(\s*[`'"]/g)].map(() => relative(src, f)));
  assert.deepEqual(literal, [], 'use usageError(key, data) / cliError(key, data, code) from src/cli/errors.ts');
});
