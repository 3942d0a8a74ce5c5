/**
 * The live connection panel: the client's state, the heartbeat round-trip time over time (an
 * inline SVG chart), the reconnects with their close codes and reasons, and whether the last
 * reconnect recovered every message. Redrawn from the ConnectionMonitor on each change (at
 * most once a frame) and once a second, so durations tick.
 */
import type { State, TransportKind } from '../../client/index.js';
import { describeRecovery, type ConnectionMonitor, type ReconnectRecord } from '../connection-monitor.js';
import { byId, fill, h, s } from '../dom.js';
import { chartGeometry, chooseWindow, formatMs, formatWindow } from '../rtt-series.js';
import { onLangChange, words } from '../words/index.js';

/** The chart is drawn at its real pixel size (no stretching of dots and labels). */
const CHART = { height: 110, padLeft: 44, padTop: 8, padBottom: 16 };

export function formatDuration(ms: number): string {
  const sec = Math.max(0, Math.floor(ms / 1000));
  if (sec < 60) return words().duration(sec, 0, 0);
  const min = Math.floor(sec / 60);
  if (min < 60) return words().duration(sec % 60, min, 0);
  return words().duration(0, min % 60, Math.floor(min / 60));
}

export interface ConnectionViewDeps {
  monitor: ConnectionMonitor;
  /** performance.now-style clock, the same one the monitor's events use. */
  now(): number;
  /** Wall-clock time for a monitor timestamp (for showing "12:03:04"). */
  wallClock(at: number): Date;
  /** Asks the client for a heartbeat probe now (ping with a short timeout). */
  probe(): void;
}

export class ConnectionView {
  private state: State | 'signed-out' = 'signed-out';
  private detail = '';
  private transport: TransportKind | null = null;
  private scheduled = false;
  private readonly pill = byId('conn-pill');

  constructor(private readonly deps: ConnectionViewDeps) {
    deps.monitor.onChange(() => this.schedule());
    setInterval(() => this.render(), 1000);
    byId('probe').addEventListener('click', () => deps.probe());
    // A language switch redraws at once, not at the next tick.
    onLangChange(() => {
      this.setState(this.state, this.detail);
      this.render();
    });
    this.setState(this.state);
  }

  setState(state: State | 'signed-out', detail = ''): void {
    this.state = state;
    this.detail = detail;
    this.pill.dataset.state = state;
    fill(this.pill, h('span', { class: 'dot' }), words().state[state]);
    this.pill.title = detail;
    byId<HTMLButtonElement>('probe').disabled = state !== 'open';
    this.schedule();
  }

  /** The transport in use: WebSocket, or the SSE fallback where the path blocks WebSocket. */
  setTransport(transport: TransportKind | null): void {
    this.transport = transport;
    if (transport) this.pill.dataset.transport = transport;
    else delete this.pill.dataset.transport;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private render(): void {
    const snap = this.deps.monitor.snapshot();
    const now = this.deps.now();
    const w = words();
    const rows: Array<[keyof typeof w.facts, string]> = [['state', w.state[this.state]]];
    if (this.transport) rows.push(['transport', this.transport === 'sse' ? w.transportSse : 'WebSocket']);
    if (snap.connectedAt !== null) rows.push(['up for', formatDuration(now - snap.connectedAt)]);
    if (snap.hello) {
      rows.push(['user', snap.hello.user.id]);
      rows.push(['session', snap.hello.session]);
      if (snap.hello.node) rows.push(['node', snap.hello.node]);
      rows.push(['heartbeat', w.heartbeatValue(formatMs(snap.hello.heartbeat.interval), formatMs(snap.hello.heartbeat.timeout))]);
      if (snap.open) rows.push(['auth', w.authTicket]);
    }
    rows.push(['messages', w.messagesValue(snap.messagesIn, snap.messagesOut)]);
    const facts = byId('conn-facts');
    // data-fact keeps the English key: tests and scripts find a fact the same way in every language.
    fill(facts, ...rows.flatMap(([k, v]) => [h('dt', {}, w.facts[k]), h('dd', { 'data-fact': k }, v)]));
    facts.dataset.state = this.state;
    this.renderRtt(now);
    this.renderRecovery();
    this.renderReconnects(snap.reconnects);
  }

  private renderRtt(now: number): void {
    const { rtt } = this.deps.monitor.snapshot();
    const sum = rtt.summary();
    const box = byId('rtt-chart');
    const width = Math.max(200, Math.round(box.clientWidth || 320));
    const samples = rtt.samples();
    const windowMs = chooseWindow(samples[0]?.at, now);
    const g = chartGeometry(samples, { ...CHART, width: width - 6, windowMs, now });
    const chart = s(
      'svg',
      { width, height: CHART.height, viewBox: `0 0 ${width} ${CHART.height}`, role: 'img', 'aria-label': words().chartLabel(formatWindow(windowMs)) },
      ...g.gridlines.map((l) => s('line', { x1: CHART.padLeft, x2: width - 6, y1: l.y, y2: l.y, class: 'grid' })),
      ...g.gridlines.map((l) => s('text', { x: CHART.padLeft - 6, y: l.y + 4, class: 'axis', 'text-anchor': 'end' }, l.label)),
      s('text', { x: CHART.padLeft, y: CHART.height - 2, class: 'axis' }, `−${formatWindow(windowMs)}`),
      s('text', { x: width - 6, y: CHART.height - 2, class: 'axis', 'text-anchor': 'end' }, words().now),
      g.line ? s('path', { d: g.line, class: 'line' }) : null,
      ...g.points.map((p) => s('circle', { cx: p.x, cy: p.y, r: 2.5, class: 'point' }, s('title', {}, `${formatMs(p.sample.rttMs)}`))),
    );
    fill(box, chart);
    const st = words().stats;
    const stat = (label: 'last' | 'median' | 'max', v: number | null) => h('div', { class: 'stat' }, h('span', {}, st[label]), h('strong', { 'data-stat': label }, v === null ? '–' : formatMs(v)));
    fill(byId('rtt-stats'), stat('last', sum.lastMs), stat('median', sum.medianMs), stat('max', sum.maxMs), h('div', { class: 'stat' }, h('span', {}, st.samples), h('strong', { 'data-stat': 'samples' }, String(sum.count))));
    byId('rtt-empty').hidden = sum.count > 0;
  }

  private renderRecovery(): void {
    const last = this.deps.monitor.lastReconnect();
    const box = byId('recovery');
    if (!last) {
      box.dataset.recovery = 'none';
      fill(box, words().noReconnectYet);
      return;
    }
    box.dataset.recovery = last.recovery;
    const icon = last.recovery === 'complete' ? '✔' : last.recovery === 'lost' ? '✖' : last.recovery === 'nothing-to-recover' ? '•' : '…';
    fill(box, h('span', { class: 'icon' }, icon), h('span', {}, words().lastReconnect(last.seq, describeRecovery(last, words().recovery))));
  }

  private renderReconnects(records: readonly ReconnectRecord[]): void {
    const list = byId('reconnects');
    byId('reconnect-count').textContent = String(records.length);
    if (records.length === 0) {
      fill(list, h('li', { class: 'empty' }, words().none));
      return;
    }
    const now = this.deps.now();
    const w = words().reconnect;
    fill(
      list,
      ...[...records].reverse().map((r) => {
        const when = this.deps.wallClock(r.closedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
        const down = r.downMs !== null ? w.down(formatMs(r.downMs)) : r.final ? w.gaveUp : w.downSoFar(formatMs(now - r.closedAt));
        const details = [
          w.after(formatDuration(r.uptimeMs)),
          down,
          r.failedAttempts.length ? w.failed(r.failedAttempts.length, [...new Set(r.failedAttempts)].join(', ')) : '',
          r.hintMs !== undefined ? w.hinted(formatMs(r.hintMs)) : '',
          r.delayMs !== undefined && r.reopenedAt === null && !r.final ? w.nextTry(formatMs(r.delayMs)) : '',
        ].filter(Boolean);
        return h(
          'li',
          { 'data-code': r.closeCode, 'data-recovery': r.recovery },
          h('div', { class: 'rc-head' }, h('span', { class: 'code' }, String(r.closeCode)), h('span', { class: 'desc' }, words().closeCode(r.closeCode).replace(/^\d+\s*/, '')), h('time', {}, when)),
          r.reason ? h('div', { class: 'reason' }, `“${r.reason}”`) : null,
          h('div', { class: 'rc-details' }, details.join(' · ')),
          h('div', { class: `rc-recovery ${r.recovery}` }, describeRecovery(r, words().recovery)),
        );
      }),
    );
  }
}
