/**
 * The guide's browser test (`new WebSocket(url)`, onopen/onerror/onclose, send "ping") as a
 * function: each step timed and reported as it finishes, and a failure explained in the
 * doctor's words (`explain.ts`). The WebSocket constructor, fetch and the clock come in as
 * dependencies, so the same code runs in the page and in unit tests with fakes.
 */
import { PING_TEXT, PONG_TEXT } from '../protocol/index.js';
import type { Finding } from '../findings/index.js';
import { explain, type CloseObservation, type Observations, type ProbeResult } from './explain.js';
import { redactToken, withToken } from './endpoints.js';
import { formatMs } from './rtt-series.js';
import { EN } from './words/en.js';
import type { ConsoleWords } from './words/types.js';

import type { StepId } from './words/types.js';

export type { StepId };
export type StepStatus = 'running' | 'pass' | 'warn' | 'fail' | 'skip';

export interface StepResult {
  id: StepId;
  title: string;
  status: StepStatus;
  /** Time the step took (or had taken when it failed). */
  durationMs: number;
  summary: string;
}

export interface BrowserTestReport {
  ok: boolean;
  url: string;
  steps: StepResult[];
  findings: Finding[];
  note?: string;
  totalMs: number;
  /** How the socket closed before the test closed it, when it did. */
  close?: CloseObservation;
  /** What the plain request to the path got, when it was made. */
  probe?: ProbeResult;
  /** What the browser saw: re-explained when the console's language changes. */
  observations?: Observations;
}

/** The bits of the DOM WebSocket the test uses. */
export interface TestSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string; wasClean: boolean }) => void): void;
}

/** The bits of a fetch Response the plain request reads. */
export interface ProbeResponse {
  status: number;
  statusText?: string;
  type?: string;
  headers?: { forEach(cb: (value: string, name: string) => void): void };
  text(): Promise<string>;
}

export interface BrowserTestDeps {
  WebSocket: new (url: string) => TestSocket;
  fetch: (url: string, init: { method: string; cache: 'no-store'; mode: 'cors' | 'no-cors'; redirect: 'manual' }) => Promise<ProbeResponse>;
  now: () => number;
}

export interface BrowserTestOptions {
  /** ws(s) URL without token. */
  wsUrl: string;
  /** The same path over http(s), for the plain request. */
  httpUrl: string;
  sameOrigin: boolean;
  /** The page's origin. */
  origin: string;
  token?: string | null;
  timeouts?: { open?: number; hello?: number; pong?: number; close?: number };
  /** The console's words (English by default). */
  words?: ConsoleWords;
}

type SocketEvent =
  | { type: 'open'; at: number }
  | { type: 'message'; at: number; data: unknown }
  | { type: 'close'; at: number; code: number; reason: string; wasClean: boolean };

/** Collects a socket's events so steps can wait for the next one they care about. */
class EventLog {
  private readonly events: SocketEvent[] = [];
  private wake: (() => void) | null = null;

  push(e: SocketEvent): void {
    this.events.push(e);
    this.wake?.();
  }

  /** The first event (from `from` on) matching `match`, or null after `timeoutMs`. */
  async next<T extends SocketEvent>(match: (e: SocketEvent) => e is T, timeoutMs: number, from = 0): Promise<T | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find(match);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  get length(): number {
    return this.events.length;
  }
}

const isOpen = (e: SocketEvent): e is Extract<SocketEvent, { type: 'open' }> => e.type === 'open';
const isClose = (e: SocketEvent): e is Extract<SocketEvent, { type: 'close' }> => e.type === 'close';
const isOpenOrClose = (e: SocketEvent): e is Extract<SocketEvent, { type: 'open' | 'close' }> => e.type === 'open' || e.type === 'close';
const isHelloOrClose = (e: SocketEvent): e is SocketEvent => isClose(e) || (e.type === 'message' && typeof e.data === 'string' && e.data.startsWith('{') && e.data.includes('"hello"'));
const isPongOrClose = (e: SocketEvent): e is SocketEvent => isClose(e) || (e.type === 'message' && e.data === PONG_TEXT);

/** A plain request to the WebSocket path: which HTTP status does it answer with? */
export async function probePath(deps: BrowserTestDeps, httpUrl: string, sameOrigin: boolean): Promise<ProbeResult> {
  const start = deps.now();
  try {
    const res = await deps.fetch(httpUrl, { method: 'GET', cache: 'no-store', mode: sameOrigin ? 'cors' : 'no-cors', redirect: 'manual' });
    const ms = deps.now() - start;
    if (res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return { kind: 'opaque', ms };
    let body = '';
    try {
      body = (await res.text()).slice(0, 500);
    } catch {
      // the status is what matters
    }
    const headers: Record<string, string> = {};
    res.headers?.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return { kind: 'status', status: res.status, statusText: res.statusText ?? '', headers, body, ms };
  } catch (err) {
    return { kind: 'network-error', message: err instanceof Error ? err.message : String(err), ms: deps.now() - start };
  }
}

function probeSummary(p: ProbeResult, w: ConsoleWords['test']): string {
  if (p.kind === 'network-error') return w.probeNoAnswer(p.message);
  if (p.kind === 'opaque') return w.probeOpaque;
  const what = p.status === 426 ? w.probeWsApp : '';
  const server = p.headers.server ? w.probeServer(p.headers.server) : '';
  return `HTTP ${p.status} ${p.statusText}${what}${server}`.replace(/ +/g, ' ');
}

/**
 * Runs the test; `onUpdate` gets the steps so far after each change.
 *
 * @example
 * const report = await runBrowserTest({ wsUrl, httpUrl, sameOrigin: true, origin: location.origin, token },
 *   { WebSocket, fetch: (u, i) => fetch(u, i), now: () => performance.now() }, (steps) => render(steps));
 */
export async function runBrowserTest(opts: BrowserTestOptions, deps: BrowserTestDeps, onUpdate: (steps: readonly StepResult[]) => void = () => {}): Promise<BrowserTestReport> {
  const t = { open: 10_000, hello: 3000, pong: 5000, close: 3000, ...opts.timeouts };
  const words = opts.words ?? EN;
  const w = words.test;
  const TITLES = w.titles;
  const url = withToken(opts.wsUrl, opts.token);
  const parsed = new URL(opts.wsUrl);
  const obs: Observations = {
    origin: opts.origin,
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === 'wss:' ? 443 : 80),
  };
  const steps: StepResult[] = [];
  const t0 = deps.now();
  const begin = (id: StepId): StepResult => {
    const step: StepResult = { id, title: TITLES[id], status: 'running', durationMs: 0, summary: '' };
    steps.push(step);
    onUpdate(steps);
    return step;
  };
  const end = (step: StepResult, status: StepStatus, durationMs: number, summary: string): void => {
    Object.assign(step, { status, durationMs: Math.max(0, durationMs), summary });
    onUpdate(steps);
  };
  const skipRest = (ids: StepId[], why: string): void => {
    for (const id of ids) steps.push({ id, title: TITLES[id], status: 'skip', durationMs: 0, summary: why });
    onUpdate(steps);
  };
  const finish = (): BrowserTestReport => {
    const { findings, note } = explain(obs, words);
    const report: BrowserTestReport = { ok: findings.length === 0, url: redactToken(url), steps, findings, totalMs: deps.now() - t0, observations: obs };
    if (note) report.note = note;
    if (obs.close) report.close = obs.close;
    if (obs.probe) report.probe = obs.probe;
    onUpdate(steps);
    return report;
  };

  // 1. new WebSocket(url): onopen, or onerror + onclose.
  const open = begin('open');
  const log = new EventLog();
  let socket: TestSocket;
  const start = deps.now();
  try {
    socket = new deps.WebSocket(url);
  } catch (err) {
    obs.constructError = err instanceof Error ? err.message : String(err);
    end(open, 'fail', 0, obs.constructError);
    skipRest(['hello', 'ping', 'close'], w.notConnected);
    return finish();
  }
  socket.addEventListener('open', () => log.push({ type: 'open', at: deps.now() }));
  socket.addEventListener('message', (ev) => log.push({ type: 'message', at: deps.now(), data: ev.data }));
  socket.addEventListener('close', (ev) => log.push({ type: 'close', at: deps.now(), code: ev.code, reason: ev.reason, wasClean: ev.wasClean }));

  const first = await log.next(isOpenOrClose, t.open);
  const closeOf = (e: Extract<SocketEvent, { type: 'close' }>): void => {
    obs.close = { code: e.code, reason: e.reason, wasClean: e.wasClean, afterMs: e.at - start };
  };
  if (!first || first.type === 'close') {
    if (!first) {
      obs.timedOut = 'open';
      obs.timeoutMs = t.open;
      end(open, 'fail', t.open, w.noOpen(formatMs(t.open)));
      try {
        socket.close();
      } catch {
        // already closing
      }
    } else {
      closeOf(first);
      end(open, 'fail', first.at - start, w.errorThenClose(`${first.code}${first.reason ? ` "${first.reason}"` : ''}`, formatMs(first.at - start)));
    }
    skipRest(['hello', 'ping', 'close'], w.notConnected);
    // 5. What the browser hides: the status a plain request to the same path gets.
    const probe = begin('probe');
    obs.probe = await probePath(deps, opts.httpUrl, opts.sameOrigin);
    end(probe, 'warn', obs.probe.ms, probeSummary(obs.probe, w));
    return finish();
  }
  obs.openMs = first.at - start;
  end(open, 'pass', obs.openMs, w.openAfter(formatMs(obs.openMs)));

  // 2. wsgate's hello (other servers may not send one: a warning, not a failure).
  const hello = begin('hello');
  const h = await log.next(isHelloOrClose, t.hello);
  if (h && h.type === 'message') {
    obs.helloMs = h.at - first.at;
    let summary = w.after(formatMs(obs.helloMs));
    try {
      const frame = JSON.parse(String(h.data)) as { user?: { id?: string }; heartbeat?: { interval?: number } };
      summary += w.helloUser(frame.user?.id ?? '?', formatMs(frame.heartbeat?.interval ?? 0));
    } catch {
      // shown as received
    }
    end(hello, 'pass', obs.helloMs, summary);
  } else if (h && h.type === 'close') {
    closeOf(h);
    end(hello, 'fail', h.at - first.at, w.closedAfter(`${h.code}${h.reason ? ` "${h.reason}"` : ''}`, formatMs(h.at - first.at)));
    skipRest(['ping', 'close'], w.connectionClosed);
    return finish();
  } else {
    end(hello, 'warn', t.hello, w.noHello(formatMs(t.hello)));
  }

  // 3. The guide's heartbeat test: send "ping", expect "pong".
  const ping = begin('ping');
  const mark = log.length;
  const sentAt = deps.now();
  try {
    socket.send(PING_TEXT);
  } catch {
    // a closing socket: the close event below tells why
  }
  const p = await log.next(isPongOrClose, t.pong, mark);
  if (p && p.type === 'message') {
    obs.pongMs = p.at - sentAt;
    end(ping, 'pass', obs.pongMs, w.pongAfter(formatMs(obs.pongMs)));
  } else if (p && p.type === 'close') {
    closeOf(p);
    end(ping, 'fail', p.at - sentAt, w.closedBeforePong(`${p.code}${p.reason ? ` "${p.reason}"` : ''}`));
    skipRest(['close'], w.connectionClosed);
    return finish();
  } else {
    obs.timedOut = 'pong';
    obs.timeoutMs = t.pong;
    end(ping, 'fail', t.pong, w.noPong(formatMs(t.pong)));
  }

  // 4. Close cleanly, as a page would on leaving.
  const close = begin('close');
  const closeStart = deps.now();
  try {
    socket.close(1000, 'browser test done');
  } catch {
    // already closed
  }
  const c = await log.next(isClose, t.close);
  if (c) end(close, c.code === 1000 ? 'pass' : 'warn', c.at - closeStart, w.onclose(c.code, formatMs(c.at - closeStart)));
  else end(close, 'warn', t.close, w.noCloseEvent(formatMs(t.close)));
  return finish();
}
