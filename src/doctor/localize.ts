/**
 * A doctor report in another language: the findings re-worded from their codes and data
 * with that language's catalog; check titles, summaries, checklist titles and notes, and the
 * hop, in words of that language.
 * Codes, severities, statuses, data and field names stay as they are, so a consumer that
 * matches on codes sees no difference (docs/i18n.md).
 */
import { describe, wordedIn, type Catalog, type Finding } from '../findings/index.js';
import type { Lang } from '../i18n/index.js';
import { DOCTOR_WORDS } from './catalog-languages.js';
import type { DoctorReport } from './types.js';
import { summaryZh } from './phrases.zh-CN.js';
import { CHECK_TITLES_ZH, CHECKLIST_TITLES_ZH, HOP_LABELS_ZH } from './words.js';

function reword(catalog: Catalog, f: Finding): Finding {
  const raw = { code: f.code, severity: f.severity, data: f.data, ...(f.check !== undefined ? { check: f.check } : {}) };
  return describe(catalog, raw);
}

/**
 * The report with its words in `lang` (the same object for English).
 *
 * @example
 * io.stdout.write(renderJson(localizeDoctorReport(await runDoctor(options, nodeIO()), 'zh-CN')));
 */
export function localizeDoctorReport(report: DoctorReport, lang: Lang): DoctorReport {
  if (lang === 'en') return report;
  const catalog = wordedIn(DOCTOR_WORDS, lang);
  const out: DoctorReport = {
    ...report,
    findings: report.findings.map((f) => reword(catalog, f)),
    checks: report.checks.map((c) => ({ ...c, title: CHECK_TITLES_ZH[c.id] ?? c.title ?? c.id, ...(c.summary !== undefined ? { summary: summaryZh(c.summary) } : {}) })),
    checklist: report.checklist.map((i) => ({ ...i, title: CHECKLIST_TITLES_ZH[i.id] ?? i.title, note: summaryZh(i.note) })),
    where: report.where ? { ...report.where, label: HOP_LABELS_ZH[report.where.hop as keyof typeof HOP_LABELS_ZH] ?? report.where.label } : null,
  };
  if (report.origin) out.origin = localizeDoctorReport(report.origin, lang);
  return out;
}
