/** The connection target later checks dial, built from the plan and what DNS/TCP found. */
import { hostHeader } from '../plan.js';
import type { CheckContext, PathTarget } from '../types.js';

export function pathTarget(ctx: CheckContext): PathTarget {
  const { plan, options, facts } = ctx;
  const target: PathTarget = {
    secure: plan.secure,
    address: facts.address ?? plan.host,
    port: plan.port,
    hostHeader: hostHeader(plan),
    servername: plan.host,
    path: plan.requestPath,
    headers: plan.headers,
    insecure: Boolean(options.insecure),
  };
  if (options.ca !== undefined) target.ca = options.ca;
  return target;
}
