/**
 * The lint model: inputs are parsed into documents (one per file, by format); rules are data,
 * `{ id, title, applies(doc), run(ctx) }`, and return raw findings carrying `data.file` and
 * `data.line`. Rules never print and never decide the exit code.
 */
import type { RawFinding } from '../../findings/index.js';
import type { Node as YamlNode } from 'yaml';

export type Format = 'yaml' | 'nginx' | 'haproxy' | 'caddy';

/** A path inside a YAML document, relative to one Kubernetes object. */
export type YamlPath = readonly (string | number)[];

export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The object as plain data. */
  value: Record<string, unknown>;
  /** 1-based line of the key at `path` (or of the value for list items), falling back to the nearest ancestor. */
  line(path?: YamlPath): number;
}

export interface YamlDoc {
  format: 'yaml';
  file: string;
  objects: KubeObject[];
  /** Raw YAML nodes of non-Kubernetes documents (e.g. a Spring application.yml), for rules that want them. */
  others: { value: unknown; node: YamlNode | null }[];
}

/** A directive of nginx.conf or a Caddyfile, with its line and children. */
export interface ConfigDirective {
  name: string;
  args: string[];
  line: number;
  block?: ConfigDirective[];
}

export interface NginxDoc {
  format: 'nginx';
  file: string;
  directives: ConfigDirective[];
}

export interface CaddyDoc {
  format: 'caddy';
  file: string;
  directives: ConfigDirective[];
}

export interface HaproxyLine {
  words: string[];
  line: number;
}

export interface HaproxySection {
  kind: 'global' | 'defaults' | 'frontend' | 'backend' | 'listen' | 'other';
  name?: string;
  line: number;
  lines: HaproxyLine[];
}

export interface HaproxyDoc {
  format: 'haproxy';
  file: string;
  sections: HaproxySection[];
}

export type LintDoc = YamlDoc | NginxDoc | CaddyDoc | HaproxyDoc;

export interface RuleContext<D extends LintDoc = LintDoc> {
  doc: D;
  /** Every parsed document of this run (for rules that relate objects across files). */
  all: readonly LintDoc[];
}

export interface LintRule {
  id: string;
  title: string;
  applies(doc: LintDoc): boolean;
  run(ctx: RuleContext): RawFinding[];
}

/** A parse failure with the line it happened on. */
export class ConfigSyntaxError extends Error {
  override readonly name = 'ConfigSyntaxError';
  readonly code = 'CONFIG_SYNTAX';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
