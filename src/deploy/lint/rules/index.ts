/** The lint rule registry: data, run in this order; findings are sorted afterwards. */
import type { LintRule } from '../types.js';
import { streamCloseDelay } from './caddy.js';
import { appProtocol, routeTimeouts } from './gateway.js';
import { tunnelTimeout } from './haproxy.js';
import { controllerConfig, httpVersionAnnotation, ingressNginxRetired, ingressTimeouts, snippetAnnotation, tlsHosts, tlsMissing, unknownAnnotation } from './ingress.js';
import { httpVersion, timeouts, upgradeHeaders } from './nginx.js';
import { probes } from './workloads.js';

export const RULES: readonly LintRule[] = [
  unknownAnnotation,
  snippetAnnotation,
  httpVersionAnnotation,
  ingressTimeouts,
  tlsHosts,
  tlsMissing,
  controllerConfig,
  ingressNginxRetired,
  probes,
  appProtocol,
  routeTimeouts,
  upgradeHeaders,
  httpVersion,
  timeouts,
  tunnelTimeout,
  streamCloseDelay,
];
