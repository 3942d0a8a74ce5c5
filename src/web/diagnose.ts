/**
 * The diagnose page served at `/diagnose` (docs/console.md "Diagnose page"): a link the operator
 * sends to a user. In the user's browser it runs the console's browser test against the
 * WebSocket path, shows the result in plain words in Chinese and English, and posts it to
 * `api/diagnoses` next to the page, where the operator reads it.
 */
import './diagnose.css';
import { runBrowserTest, type BrowserTestReport, type StepResult } from './browser-test.js';
import { probeFallback, type FallbackResult } from './diagnose-fallback.js';
import { diagnosisPayload, judge, needsFallback, type ConnectionInfo } from './diagnose-verdict.js';
import { DIAGNOSE_WORDS as W, type Lang } from './diagnose-words.js';
import { byId, fill, h } from './dom.js';
import { deriveEndpoints } from './endpoints.js';
import { formatMs } from './rtt-series.js';

const MARK = { running: '…', pass: '✔', warn: '!', fail: '✖', skip: '–' } as const;
const LANGS: readonly Lang[] = ['zh', 'en'];

function connectionInfo(): ConnectionInfo {
  const c = (navigator as Navigator & { connection?: ConnectionInfo }).connection;
  if (!c) return {};
  const out: ConnectionInfo = {};
  if (typeof c.type === 'string') out.type = c.type;
  if (typeof c.effectiveType === 'string') out.effectiveType = c.effectiveType;
  if (typeof c.downlink === 'number') out.downlink = c.downlink;
  if (typeof c.rtt === 'number') out.rtt = c.rtt;
  if (typeof c.saveData === 'boolean') out.saveData = c.saveData;
  return out;
}

function renderSteps(steps: readonly StepResult[]): void {
  fill(
    byId('steps'),
    ...steps.map((st) =>
      h(
        'li',
        { class: st.status, 'data-step': st.id },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[st.status]),
        h('span', {}, `${W.zh.steps[st.id]} · ${W.en.steps[st.id]} — ${W.zh.status[st.status]} / ${W.en.status[st.status]}`),
        h('span', { class: 'time' }, st.status === 'running' || st.status === 'skip' ? '' : formatMs(st.durationMs)),
        st.summary ? h('span', { class: 'summary', lang: 'en' }, st.summary) : null,
      ),
    ),
  );
}

function renderVerdict(report: BrowserTestReport): void {
  const v = judge(report);
  const box = byId('verdict');
  box.dataset.state = v.verdict === 'ok' || v.verdict === 'ok-auth' ? 'ok' : 'bad';
  box.dataset.verdict = v.verdict;
  for (const lang of LANGS) byId(`verdict-${lang}`).textContent = W[lang].verdict[v.verdict](v);
}

function renderDetails(wsUrl: string, connection: ConnectionInfo, totalMs: number): void {
  const net = [connection.type, connection.effectiveType, connection.rtt !== undefined ? `rtt ${connection.rtt} ms` : undefined, connection.downlink !== undefined ? `${connection.downlink} Mbit/s` : undefined].filter(Boolean).join(', ');
  const row = (k: keyof (typeof W)['en']['details'], v: string) => [h('dt', {}, `${W.zh.details[k]} · ${W.en.details[k]}`), h('dd', {}, v)];
  fill(byId('details'), ...row('address', wsUrl), ...row('browser', navigator.userAgent), ...row('network', net || `${W.zh.details.unknown} / ${W.en.details.unknown}`), ...row('time', formatMs(totalMs)));
}

/** The fallback step: only when the WebSocket failed on the way; no credential (the page holds none). */
async function runFallback(report: BrowserTestReport, httpUrl: string): Promise<FallbackResult | undefined> {
  const box = byId('fallback');
  if (!needsFallback(judge(report))) {
    box.hidden = true;
    return undefined;
  }
  box.hidden = false;
  box.dataset.state = 'running';
  delete box.dataset.outcome;
  for (const lang of LANGS) byId(`fallback-${lang}`).textContent = W[lang].fallbackRunning;
  const r = await probeFallback(httpUrl, { fetch: (url, init) => fetch(url, init), now: () => performance.now() });
  box.dataset.state = r.outcome === 'works' || r.outcome === 'sign-in' ? 'ok' : 'bad';
  box.dataset.outcome = r.outcome;
  for (const lang of LANGS) byId(`fallback-${lang}`).textContent = W[lang].fallback[r.outcome](r);
  return r;
}

async function send(url: string, body: Record<string, unknown>): Promise<void> {
  const sent = byId('sent');
  sent.hidden = false;
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    const answer = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
    if (!res.ok || !answer.id) throw new Error(answer.message ?? `HTTP ${res.status}`);
    sent.dataset.id = answer.id;
    sent.textContent = `${W.zh.sent(answer.id)} ${W.en.sent(answer.id)}`;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    sent.dataset.id = '';
    sent.textContent = `${W.zh.sendFailed(message)} ${W.en.sendFailed(message)}`;
  }
}

async function run(): Promise<void> {
  const again = byId<HTMLButtonElement>('again');
  again.hidden = true;
  byId('sent').hidden = true;
  const box = byId('verdict');
  box.dataset.state = 'running';
  for (const lang of LANGS) byId(`verdict-${lang}`).textContent = W[lang].running;
  // The page is /diagnose in the console's directory: endpoints are relative to that directory.
  const override = new URLSearchParams(location.search).get('ws') ?? document.querySelector<HTMLMetaElement>('meta[name="wsgate-ws"]')?.content ?? null;
  const endpoints = deriveEndpoints(new URL('./', location.href).href, override);
  const report = await runBrowserTest(
    { wsUrl: endpoints.ws, httpUrl: endpoints.wsHttp, sameOrigin: endpoints.sameOrigin, origin: location.origin, token: null },
    { WebSocket, fetch: (url, init) => fetch(url, init), now: () => performance.now() },
    renderSteps,
  );
  renderVerdict(report);
  const connection = connectionInfo();
  renderDetails(report.url, connection, report.totalMs);
  const fallback = await runFallback(report, endpoints.wsHttp);
  await send(new URL('api/diagnoses', endpoints.base).href, diagnosisPayload(report, { userAgent: navigator.userAgent, language: navigator.language, connection }, fallback));
  box.dataset.done = 'true';
  again.hidden = false;
}

function boot(): void {
  for (const lang of LANGS) {
    byId(`intro-${lang}`).textContent = W[lang].intro;
    byId(`title-${lang}`).textContent = W[lang].title;
  }
  const again = byId<HTMLButtonElement>('again');
  again.textContent = `${W.zh.again} · ${W.en.again}`;
  again.addEventListener('click', () => void run());
  void run();
}

boot();
