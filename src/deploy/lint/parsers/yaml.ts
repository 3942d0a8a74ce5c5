/**
 * YAML input: every document of a multi-document stream, and every item of a `kind: List`
 * (what `kubectl get ingress -A -o yaml` prints), becomes a `KubeObject` that can tell the
 * line of any of its keys (yaml's CST ranges through a LineCounter).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { RawFinding } from '../../../findings/index.js';
import type { KubeObject, YamlDoc, YamlPath } from '../types.js';

function lineOf(lc: LineCounter, node: { range?: readonly number[] | null } | null | undefined): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

/** The line of the key (for map entries) or the item (for sequences) at `path`, or of the nearest ancestor. */
function lineAt(doc: Document, lc: LineCounter, base: YamlPath, path: YamlPath): number {
  let node: unknown = doc.getIn(base, true);
  let line = lineOf(lc, node as YamlNode) ?? 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      line = lineOf(lc, pair.key as YamlNode) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      line = lineOf(lc, item as YamlNode) ?? line;
      node = item;
    } else break;
  }
  return line;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kubeObject(doc: Document, lc: LineCounter, base: YamlPath, value: Record<string, unknown>): KubeObject | undefined {
  if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') return undefined;
  const meta = isObject(value.metadata) ? value.metadata : {};
  const obj: KubeObject = {
    apiVersion: value.apiVersion,
    kind: value.kind,
    name: typeof meta.name === 'string' ? meta.name : '(unnamed)',
    value,
    line: (path = []) => lineAt(doc, lc, base, path),
  };
  if (typeof meta.namespace === 'string') obj.namespace = meta.namespace;
  return obj;
}

/** Parses a YAML file; broken documents become YAML_PARSE_ERROR findings, the others still count. */
export function parseYaml(file: string, text: string): { doc: YamlDoc; findings: RawFinding[] } {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const result: YamlDoc = { format: 'yaml', file, objects: [], others: [] };
  const findings: RawFinding[] = [];
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for empty input.
    return { doc: result, findings };
  }
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      findings.push({
        code: 'YAML_PARSE_ERROR',
        check: 'yaml-syntax',
        data: { file, line: err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line, documentLine: lc.linePos(doc.range[0]).line, error: err.message.split('\n')[0] },
      });
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!isObject(value)) continue;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (!isObject(item)) return;
        const obj = kubeObject(doc, lc, ['items', i], item);
        if (obj) result.objects.push(obj);
      });
      continue;
    }
    const obj = kubeObject(doc, lc, [], value);
    if (obj) result.objects.push(obj);
    else result.others.push({ value, node: doc.contents as YamlNode | null });
  }
  return { doc: result, findings };
}
