/**
 * The check registry, in the order the path is walked (docs/doctor.md: URL → DNS → TCP → TLS →
 * upgrade → CDN → app → auth → idle). A check names the checks it needs (`dependsOn`, `reads`),
 * which come before it here.
 */
import type { Check } from '../types.js';
import { appCheck } from './app.js';
import { authCheck } from './auth.js';
import { cdnCheck } from './cdn.js';
import { dnsCheck } from './dns.js';
import { fallbackCheck } from './fallback.js';
import { idleCheck } from './idle.js';
import { tcpCheck } from './tcp.js';
import { tlsCheck } from './tls.js';
import { upgradeCheck } from './upgrade.js';
import { urlCheck } from './url.js';

export const CHECKS: readonly Check[] = [urlCheck, dnsCheck, tcpCheck, tlsCheck, upgradeCheck, fallbackCheck, cdnCheck, appCheck, authCheck, idleCheck];
