/**
 * Runs the checks over one path (in registry order, skipping what a failure makes
 * impossible), then both paths together: the main report with the origin report inside, and
 * CDN_PATH_BROKEN when only the origin path works.
 */
import { describe, hasErrors, sortFindings, type CheckResult, type RawFinding } from '../findings/index.js';
import { DOCTOR_CATALOG } from './catalog.js';
import { buildChecklist } from './checklist.js';
import { CHECKS } from './checks/index.js';
import { maskTokenParams, planPaths } from './plan.js';
import { locate } from './where.js';
import type { Check, CheckOutcome, DoctorIO, DoctorOptions, DoctorReport, Facts, PathPlan } from './types.js';

/** The checks whose facts `check` may read: those it declares, and theirs in turn. */
function declaredSources(check: Check, byId: ReadonlyMap<string, Check>): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const c = byId.get(id);
    for (const d of [...(c?.dependsOn ?? []), ...(c?.reads ?? [])]) visit(d);
  };
  for (const d of [...check.dependsOn, ...(check.reads ?? [])]) visit(d);
  return seen;
}

/** Runs `checks` over one path. */
export async function runPath(plan: PathPlan, options: DoctorOptions, io: DoctorIO, checks: readonly Check[] = CHECKS): Promise<DoctorReport> {
  const outcomes = new Map<string, CheckOutcome>();
  const blocked = new Set<string>();
  const facts: Facts = {};
  const byId = new Map(checks.map((c) => [c.id, c]));
  const results: DoctorReport['checks'] = [];
  const raws: RawFinding[] = [];
  for (const check of checks) {
    const blocker = check.dependsOn.find((d) => blocked.has(d));
    let outcome: CheckOutcome;
    const start = io.clock.now();
    if (blocker) {
      outcome = { status: 'skip', findings: [], summary: `skipped: ${blocker} failed` };
      blocked.add(check.id);
    } else {
      try {
        // Only the facts of declared checks: a check that reads another's facts must say so.
        const sources = declaredSources(check, byId);
        const visible: Facts = {};
        const seen = new Map<string, CheckOutcome>();
        for (const c of checks) {
          const o = outcomes.get(c.id);
          if (!sources.has(c.id) || !o) continue;
          Object.assign(visible, o.facts ?? {});
          seen.set(c.id, o);
        }
        outcome = await check.run({ io, options, plan, facts: visible, outcomes: seen });
      } catch (err) {
        // A crashing check is a doctor bug; report it in place rather than losing the report.
        const message = err instanceof Error ? err.message : String(err);
        outcome = { status: 'fail', findings: [{ code: 'CHECK_CRASHED', data: { error: message } }], summary: `internal error: ${message}` };
      }
      if (outcome.status === 'fail') blocked.add(check.id);
    }
    Object.assign(facts, outcome.facts ?? {});
    outcomes.set(check.id, outcome);
    const result: CheckResult & { id: string } = { id: check.id, title: check.title, status: outcome.status, durationMs: Math.round(io.clock.now() - start) };
    if (outcome.summary) result.summary = outcome.summary;
    results.push(result);
    for (const f of outcome.findings) raws.push({ ...f, check: f.check ?? check.id });
  }
  const cdn = facts.cdn ?? { provider: null, evidence: [] };
  // What the path revealed makes every remedy specific (data.cdn, data.proxy).
  const context = { ...(cdn.provider ? { cdn: cdn.provider } : {}), ...(facts.proxy ? { proxy: facts.proxy } : {}) };
  const findings = sortFindings(raws.map((r) => describe(DOCTOR_CATALOG, { ...r, data: { ...context, ...(r.data ?? {}) } })));
  return {
    schemaVersion: 1,
    url: maskTokenParams(plan.url),
    ok: !hasErrors(findings),
    path: plan.name,
    addresses: facts.address ? [facts.address] : (facts.addresses ?? []),
    ...(plan.pinned ? { pinned: { by: plan.pinnedBy ?? '--resolve', addresses: plan.pinned } } : {}),
    cdn,
    proxy: facts.proxy ?? null,
    checks: results,
    findings,
    checklist: buildChecklist(plan, outcomes, facts),
    facts,
    where: locate(findings),
  };
}

/**
 * The whole diagnosis: the main path (pinned by --resolve when given), and the origin path with --origin
 * (both run at once, so an idle probe costs its time once).
 *
 * @example
 * const report = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 10_000 }, nodeIO());
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function runDoctor(options: DoctorOptions, io: DoctorIO, checks: readonly Check[] = CHECKS): Promise<DoctorReport> {
  const plans = planPaths(options);
  const [main, origin] = await Promise.all([runPath(plans.main, options, io, checks), plans.origin ? runPath(plans.origin, options, io, checks) : undefined]);
  if (!origin) return main;
  main.origin = origin;
  const mainCodes = [...new Set(main.findings.filter((f) => f.severity === 'error').map((f) => f.code))];
  const originDesc = `${origin.addresses.join(', ') || plans.origin!.pinned!.join(', ')}:${plans.origin!.port}`;
  const extra: RawFinding[] = [];
  if (origin.ok && !main.ok) {
    extra.push({ code: 'CDN_PATH_BROKEN', check: 'origin', data: { origin: originDesc, codes: mainCodes, ...(main.cdn.provider ? { cdn: main.cdn.provider } : {}) } });
  } else if (!origin.ok) {
    extra.push({ code: 'ORIGIN_PATH_BROKEN', check: 'origin', data: { origin: originDesc, mainOk: main.ok, codes: [...new Set(origin.findings.filter((f) => f.severity === 'error').map((f) => f.code))] } });
  }
  // The app is the same behind both paths: what the origin path proved counts for the checklist.
  for (const item of main.checklist) {
    const twin = origin.checklist.find((i) => i.id === item.id);
    if (!twin || item.status === 'pass' || twin.status !== 'pass') continue;
    if (item.id === 'app') Object.assign(item, { status: 'pass', note: `on the origin path: ${twin.note}` });
    else if (item.id === 'ingress') item.note += `; on the origin path it works (${twin.note})`;
  }
  if (extra.length) {
    main.findings = sortFindings([...main.findings, ...extra.map((r) => describe(DOCTOR_CATALOG, r))]);
    main.ok = !hasErrors(main.findings);
    main.where = locate(main.findings);
  }
  return main;
}
