/**
 * The support bundle's shape (docs/doctor.md "Support bundle"): sections of simple blocks that
 * both renderers (Markdown, HTML) draw the same way. Building it is pure; the words come from
 * `words.ts`, so a translation touches one file.
 */
import type { Finding } from '../../findings/index.js';
import type { Lang } from '../../i18n/index.js';
import type { ChecklistItem } from '../types.js';

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'facts'; rows: Array<[string, string]> }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'code'; text: string }
  | { kind: 'findings'; findings: Finding[]; empty: string }
  | { kind: 'checklist'; items: ChecklistItem[] };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface Bundle {
  title: string;
  /** The one-line verdict ("FAIL at the CDN edge: 1 error"). */
  verdict: string;
  ok: boolean;
  sections: Section[];
  /** The language of its words (the renderers' own words follow it). */
  lang: Lang;
}

/** What the bundle records about where and when it was made. */
export interface BundleMeta {
  tool: string;
  node: string;
  platform: string;
  /** ISO time the run finished. */
  generatedAt: string;
  /** The language of the bundle's words (English by default); pass the report worded in it. */
  lang?: Lang;
}
