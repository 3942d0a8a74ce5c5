// The shape of bench/results/<name>.json, and the aggregation from runs to medians.
import type { BundleRow } from '../scenarios/bundle.js';
import type { Target } from './procs.js';
import { median } from './stats.js';

export interface Figure {
  /** Median over the runs. */
  median: number;
  /** Every run's value, in run order. */
  runs: number[];
}

export interface EchoThroughputRow {
  target: Target;
  via: 'echo' | 'pubsub' | 'ping';
  connections: number;
  size: number;
  msgsPerSec: Figure;
  /** Against bare ws at the same connections and size. */
  ratioVsWs: number | null;
  serverCpu: number;
  loadCpu: number;
  /** Share of the server's core taken by other processes during the window (median over runs). */
  othersOnServerCore: number;
  /** Round trips per second of server CPU time (median over runs): robust to a shared machine. */
  perServerCpuSec: Figure;
  perCpuRatioVsWs: number | null;
}

export interface EchoLatencyRow {
  target: Target;
  via: 'echo' | 'pubsub';
  size: number;
  rate: number;
  p50: Figure;
  p99: Figure;
}

export interface FanoutRow {
  target: Target;
  subscribers: number;
  p50: Figure;
  p99: Figure;
  deliveriesPerSec: Figure;
  ratioVsWs: number | null;
  incomplete: number;
  /** Shares of a core in the sustained phase (server; load generator). */
  serverCpu: number;
  loadCpu: number;
  othersOnServerCore: number;
}

/** A backend's `POST /api/publish` → subscribers (docs/backend.md), wsgate only. */
export interface ApiRow {
  target: Target;
  subscribers: number;
  ackP50: Figure;
  ackP99: Figure;
  firstP50: Figure;
  firstP99: Figure;
  lastP50: Figure;
  lastP99: Figure;
  incomplete: number;
}

export interface IdleRow {
  target: Target;
  connections: number;
  connected: number;
  rssMB: Figure;
  heapMB: Figure;
  rssPerConnKB: Figure;
  heapPerConnKB: Figure;
  cpuPer10k: Figure;
  usPerHeartbeat: Figure;
  rssRatioVsWs: number | null;
}

export interface HandshakeRow {
  target: Target;
  perSec: Figure;
  ratioVsWs: number | null;
  failures: Record<string, number>;
}

export interface StormRow {
  target: Target;
  client: string;
  mode: 'kill' | 'drain';
  /** wsgate's admission settings: lifted, or the server's defaults (absent in older runs: lifted). */
  admission?: 'lifted' | 'defaults';
  clients: number;
  allBackMs: Figure;
  maxReconnectShare100ms: Figure;
  maxAttemptShare100ms: Figure;
  notBack: number;
}

export interface Verdict {
  goal: string;
  value: string;
  verdict: 'met' | 'missed' | 'not measured';
}

export interface BenchResults {
  schema: 1;
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  durationS: number;
  runs: number;
  machine: Record<string, unknown>;
  /** 1-minute load average at the start and end of each section: other work on the machine shows here. */
  loadAverage: Record<string, [number, number]>;
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  sections: string[];
  echo: { throughput: EchoThroughputRow[]; latency: EchoLatencyRow[] };
  fanout: FanoutRow[];
  idle: { heartbeatMs: number; cpuWindowMs: number; empty: Array<{ target: Target; rssMB: number; heapMB: number }>; rows: IdleRow[] };
  handshake: HandshakeRow[];
  storm: StormRow[];
  /** Absent in results written before the section existed. */
  api?: ApiRow[];
  /** The SSE fallback next to WebSocket on one wsgate server (absent in results from before it). */
  transports?: Array<{ transport: 'websocket' | 'sse'; echoConnections: number; idleSessions: number; msgsPerSec: Figure; rssPerSessionKB: Figure; heapPerSessionKB: Figure }>;
  bundle: BundleRow[];
  targets: Verdict[];
  errors: Array<{ section: string; target: string; run: number; error: string }>;
  notes: string[];
  skipped: string[];
}

export function figure(values: number[]): Figure {
  return { median: median(values), runs: values };
}

/** Groups items by a key and returns [key, items] in first-seen order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Array<[string, T[]]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return [...m.entries()];
}

export function ratio(ours: number, base: number | undefined): number | null {
  if (base === undefined || !Number.isFinite(base) || base === 0 || !Number.isFinite(ours)) return null;
  return ours / base;
}
