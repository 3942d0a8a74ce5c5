/**
 * Hook metrics (docs/backend.md, "Metrics"), registered on the server's own registry so two
 * servers in one process never share a series.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { HookEvent } from './hook-client.js';

/** The `observe` callback a HookClient reports each request's outcome and duration to. */
export function backendMetrics(registry: Registry): (event: HookEvent, result: string, seconds: number) => void {
  const requests = new Counter({
    name: 'wsgate_backend_requests_total',
    help: 'Backend hook requests, by event (publish, subscribe, connect, rpc) and result (ok, refused, timeout, connection, status, busy, network, answer).',
    labelNames: ['event', 'result'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'wsgate_backend_request_duration_seconds',
    help: 'Backend hook round-trip times, by event.',
    labelNames: ['event'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (event, result, seconds) => {
    requests.inc({ event, result });
    duration.observe({ event }, seconds);
  };
}
