/** The connection target later checks dial, built from the plan and what DNS/TCP found. */
import { hostHeader } from '../plan.js';
import type { CheckContext, PathTarget } from '../types.js';

export function pathTarget(ctx: CheckContext): PathTarget {
  const { plan, options, facts } = ctx;
  // A --header 'Host: …' replaces the Host header (not the SNI), as with curl -H.
  const hostKey = Object.keys(plan.headers).find((h) => h.toLowerCase() === 'host');
  const headers = Object.fromEntries(Object.entries(plan.headers).filter(([h]) => h !== hostKey));
  const target: PathTarget = {
    secure: plan.secure,
    address: facts.address ?? plan.host,
    port: plan.port,
    hostHeader: hostKey ? plan.headers[hostKey]! : hostHeader(plan),
    servername: plan.host,
    path: plan.requestPath,
    headers,
    insecure: Boolean(options.insecure),
  };
  if (options.ca !== undefined) target.ca = options.ca;
  return target;
}
