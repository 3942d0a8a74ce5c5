/** The support bundle as Markdown (GitHub-flavoured tables, fenced code). */
import type { Block, Bundle } from './model.js';
import { bundleWords } from './languages.js';
import type { BundleWords } from './words.js';

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function table(head: readonly string[], rows: readonly string[][]): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function block(b: Block, W: BundleWords): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'facts':
      return b.rows.map(([k, v]) => `- **${k}**: ${v}`).join('\n');
    case 'table':
      return table(b.head, b.rows);
    case 'code': {
      const fence = b.text.includes('```') ? '~~~~' : '```';
      return `${fence}text\n${b.text}\n${fence}`;
    }
    case 'findings':
      if (b.findings.length === 0) return b.empty;
      return b.findings.map((f) => `- **${f.severity}** \`${f.code}\`: ${f.message}\n  - → ${f.remedy}`).join('\n');
    case 'checklist':
      return b.items.map((i) => `- [${i.status === 'pass' ? 'x' : ' '}] ${i.item} (${i.title}): **${W.checklistStatus[i.status]}**${i.note ? `, ${i.note}` : ''}`).join('\n');
  }
}

/** @example writeFileSync('report.md', renderBundleMarkdown(bundle)) */
export function renderBundleMarkdown(bundle: Bundle): string {
  const W = bundleWords(bundle.lang);
  const parts = [`# ${bundle.title}`, `**${bundle.verdict}**`];
  for (const s of bundle.sections) parts.push(`## ${s.heading}`, ...s.blocks.map((b) => block(b, W)));
  parts.push(`---\n_${W.footer}_`);
  return `${parts.join('\n\n')}\n`;
}
