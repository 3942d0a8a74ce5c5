/**
 * The console's list of diagnoses users sent from the diagnose page (`GET api/diagnoses`):
 * newest first, each with its verdict, the failed step, the SSE fallback step's outcome, the
 * findings, the browser and network.
 * The link to give users is shown above it. Reading needs operator rights on the server (the
 * server API key, typed into the card and sent as `Authorization: apikey <key>`).
 */
import { byId, fill, h } from '../dom.js';
import { formatMs } from '../rtt-series.js';
import { words } from '../words/index.js';

interface Diagnosis {
  id: string;
  receivedAt: string;
  client: string;
  ok: boolean;
  verdict: string;
  findings: Array<{ code: string; message?: string }>;
  steps: Array<{ id: string; status: string; durationMs: number; summary: string }>;
  probe?: { status?: number };
  fallback?: { outcome: string; status?: number };
  close?: { code: number; reason: string };
  userAgent: string;
  connection?: { effectiveType?: string; type?: string };
}

export class DiagnosesView {
  constructor(private readonly urls: { list: string; page: string }) {
    const link = byId<HTMLAnchorElement>('diagnose-link');
    link.href = urls.page;
    link.textContent = urls.page;
    byId('diagnoses-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.load();
    });
  }

  async load(): Promise<void> {
    const status = byId('diagnoses-status');
    status.hidden = false;
    status.textContent = words().diagnoses.loading;
    try {
      // The server API's scheme (docs/protocol.md): Authorization: apikey <key>.
      const key = byId<HTMLInputElement>('diagnoses-key').value.trim();
      const res = await fetch(this.urls.list, { cache: 'no-store', ...(key ? { headers: { authorization: `apikey ${key}` } } : {}) });
      const body = (await res.json()) as { diagnoses?: Diagnosis[]; message?: string };
      if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
      const list = body.diagnoses ?? [];
      status.textContent = words().diagnoses.count(list.length);
      fill(byId('diagnoses'), ...list.map((d) => this.item(d)));
    } catch (err) {
      status.textContent = words().diagnoses.failed(err instanceof Error ? err.message : String(err));
    }
  }

  private item(d: Diagnosis): HTMLElement {
    const failed = d.steps.find((s) => s.status === 'fail');
    const facts = [
      failed ? words().diagnoses.stepFailed(failed.id, formatMs(failed.durationMs)) : words().diagnoses.allPassed,
      d.probe?.status !== undefined ? words().diagnoses.probe(d.probe.status) : '',
      d.close ? words().diagnoses.close(d.close.code, d.close.reason) : '',
      d.fallback ? words().diagnoses.fallback(d.fallback.outcome, d.fallback.status) : '',
      d.connection?.effectiveType ?? d.connection?.type ?? '',
    ].filter(Boolean);
    return h(
      'li',
      { class: d.ok ? 'pass' : 'fail', 'data-id': d.id, 'data-verdict': d.verdict },
      h('div', { class: 'diag-head' }, h('strong', {}, d.verdict), ' ', h('span', { class: 'muted' }, `${new Date(d.receivedAt).toLocaleString()} · ${d.client} · ${d.id}`)),
      h('div', {}, facts.join(' · ')),
      d.findings.length ? h('div', {}, ...d.findings.map((f) => h('code', { title: f.message ?? '' }, f.code))) : null,
      h('div', { class: 'muted small' }, d.userAgent),
    );
  }
}
