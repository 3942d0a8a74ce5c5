/**
 * The browser-test card: the guide's console snippet as a button. Shows each step with its
 * time as it happens, then the verdict: a pass, or the doctor's finding code with its message
 * and remedy (the same words `wsgate doctor` prints).
 */
import { runBrowserTest, type BrowserTestReport, type StepResult } from '../browser-test.js';
import { byId, fill, h, rich } from '../dom.js';
import { redactToken, type Endpoints } from '../endpoints.js';
import { explain } from '../explain.js';
import { formatMs } from '../rtt-series.js';
import { onLangChange, words } from '../words/index.js';

export interface TestViewDeps {
  endpoints: Endpoints;
  /** The token to test with (the signed-in one, or a fresh dev token), or null for none. */
  token(): Promise<string | null>;
}

const MARK: Record<StepResult['status'], string> = { running: '…', pass: '✔', warn: '!', fail: '✖', skip: '–' };

export class TestView {
  private running = false;
  private last: BrowserTestReport | null = null;
  private readonly button = byId<HTMLButtonElement>('run-test');

  constructor(private readonly deps: TestViewDeps) {
    byId('test-url').textContent = redactToken(deps.endpoints.ws);
    byId('doctor-cmd').textContent = `npx wsgate doctor '${deps.endpoints.ws}?token=…'`;
    this.button.addEventListener('click', () => void this.run());
    onLangChange(() => this.redraw());
  }

  /** After a language switch: step titles, the verdict and the button in the new words. */
  private redraw(): void {
    if (this.running) return;
    if (this.last?.observations) {
      const w = words();
      const { findings, note } = explain(this.last.observations, w);
      const report: BrowserTestReport = { ...this.last, findings, steps: this.last.steps.map((st) => ({ ...st, title: w.test.titles[st.id] })) };
      if (note) report.note = note;
      else delete report.note;
      this.last = report;
      this.renderSteps(report.steps);
      this.renderVerdict(report);
      this.button.textContent = w.test.again;
    }
  }

  async run(): Promise<BrowserTestReport | null> {
    if (this.running) return null;
    this.running = true;
    this.button.disabled = true;
    this.button.textContent = words().test.testing;
    const verdict = byId('test-verdict');
    verdict.hidden = true;
    const result = byId('test-result');
    result.dataset.result = 'running';
    try {
      const token = await this.deps.token();
      const report = await runBrowserTest(
        { wsUrl: this.deps.endpoints.ws, httpUrl: this.deps.endpoints.wsHttp, sameOrigin: this.deps.endpoints.sameOrigin, origin: location.origin, token, words: words() },
        { WebSocket: WebSocket, fetch: (url, init) => fetch(url, init), now: () => performance.now() },
        (steps) => this.renderSteps(steps),
      );
      this.last = report;
      this.renderVerdict(report);
      result.dataset.result = report.ok ? 'pass' : 'fail';
      return report;
    } finally {
      this.running = false;
      this.button.disabled = false;
      this.button.textContent = words().test.again;
    }
  }

  private renderSteps(steps: readonly StepResult[]): void {
    fill(
      byId('test-steps'),
      ...steps.map((st) =>
        h(
          'li',
          { 'data-step': st.id, 'data-status': st.status },
          h('span', { class: 'mark' }, MARK[st.status]),
          h('span', { class: 'title' }, st.title),
          h('span', { class: 'ms' }, st.status === 'skip' || st.status === 'running' ? '' : formatMs(st.durationMs)),
          st.summary ? h('span', { class: 'summary' }, st.summary) : null,
        ),
      ),
    );
  }

  private renderVerdict(report: BrowserTestReport): void {
    const verdict = byId('test-verdict');
    verdict.hidden = false;
    verdict.dataset.ok = String(report.ok);
    if (report.ok) {
      const pong = report.steps.find((st) => st.id === 'ping');
      fill(verdict, h('p', { class: 'ok' }, words().test.pass(pong ? formatMs(pong.durationMs) : null, formatMs(report.totalMs))));
      return;
    }
    fill(
      verdict,
      ...report.findings.map((f) =>
        h(
          'div',
          { class: 'finding', 'data-code': f.code, 'data-cause': typeof f.data.cause === 'string' ? f.data.cause : null },
          h('div', { class: 'finding-head' }, h('span', { class: `sev ${f.severity}`, 'data-severity': f.severity }, words().severity[f.severity]), h('code', {}, f.code), typeof f.data.cause === 'string' ? h('span', { class: 'cause' }, f.data.cause) : null),
          h('p', { class: 'message' }, ...rich(f.message.charAt(0).toUpperCase() + f.message.slice(1))),
          h('p', { class: 'remedy' }, h('strong', {}, words().test.fix), ...rich(f.remedy)),
        ),
      ),
      report.note ? h('p', { class: 'note' }, ...rich(report.note)) : null,
    );
  }
}
