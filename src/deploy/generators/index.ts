/**
 * The target registry: each `wsgate deploy <target>` maps to a pure generator from options
 * to files. `all` runs every generator.
 */
import type { DeployOptions } from '../options.js';
import { generateCaddy } from './caddy.js';
import { generateDns } from './dns.js';
import { generateHaproxy } from './haproxy.js';
import { generateK8s } from './k8s.js';
import { generateNginx } from './nginx.js';
import { generateSpringGateway } from './spring-gateway.js';
import type { GeneratedFile } from './types.js';

export interface Target {
  name: string;
  summary: string;
  generate(options: DeployOptions): GeneratedFile[];
}

export const TARGETS: readonly Target[] = [
  { name: 'k8s', summary: 'Deployment + Service + Ingress (ingress-nginx), or HTTPRoute with --gateway', generate: generateK8s },
  { name: 'nginx', summary: 'nginx http-context config (upgrade map, HTTP/1.1, timeouts)', generate: generateNginx },
  { name: 'haproxy', summary: 'haproxy.cfg with timeout tunnel', generate: generateHaproxy },
  { name: 'caddy', summary: 'Caddyfile with reverse_proxy and stream_close_delay', generate: generateCaddy },
  { name: 'spring-gateway', summary: 'Spring Cloud Gateway route (lb:ws://)', generate: generateSpringGateway },
  { name: 'dns', summary: 'DNS record plan: site through the CDN, ws host DNS-only', generate: generateDns },
];

export const TARGET_NAMES: readonly string[] = [...TARGETS.map((t) => t.name), 'all'];

export class UnknownTargetError extends Error {
  override readonly name = 'UnknownTargetError';
  readonly code = 'DEPLOY_UNKNOWN_TARGET';
  constructor(readonly target: string) {
    super(`unknown target "${target}" (targets: ${TARGET_NAMES.join(', ')})`);
  }
}

/**
 * Generates the files of one target (or of all).
 * @example generate('nginx', resolveOptions({ host: 'ws.example.com' }))[0].path // 'nginx/wsgate.conf'
 */
export function generate(target: string, options: DeployOptions): GeneratedFile[] {
  if (target === 'all') return TARGETS.flatMap((t) => t.generate(options));
  const t = TARGETS.find((x) => x.name === target);
  if (!t) throw new UnknownTargetError(target);
  return t.generate(options);
}

export type { GeneratedFile } from './types.js';
