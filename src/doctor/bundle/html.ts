/**
 * The support bundle as one self-contained HTML page: inline CSS, no script, no external
 * resource (a Content-Security-Policy of `default-src 'none'` makes sure), readable on a phone
 * (viewport meta; wide tables and the handshake scroll inside their box, never the page).
 */
import type { Block, Bundle } from './model.js';
import { bundleWords } from './languages.js';
import type { BundleWords } from './words.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#59636e;--bg:#fff;--box:#f6f8fa;--line:#d1d9e0;--err:#cf222e;--warn:#9a6700;--ok:#1a7f37;--info:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--box:#161b22;--line:#3d444d;--err:#ff7b72;--warn:#d29922;--ok:#3fb950;--info:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;padding:16px;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg);max-width:960px;margin-inline:auto;overflow-wrap:anywhere}
h1{font-size:1.25rem;margin:0 0 8px}h2{font-size:1.05rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.verdict{display:inline-block;padding:4px 10px;border-radius:6px;font-weight:600;color:#fff}.verdict.ok{background:var(--ok);color:#fff}.verdict.fail{background:var(--err);color:#fff}
ul{padding-left:20px}li{margin:6px 0}
.finding{border-left:4px solid var(--line);background:var(--box);padding:8px 10px;margin:8px 0;border-radius:4px}
.finding.error{border-color:var(--err)}.finding.warning{border-color:var(--warn)}.finding.info{border-color:var(--info)}
.finding code{font-weight:600}.sev{text-transform:uppercase;font-size:.75rem;font-weight:700;margin-right:6px}
.error .sev{color:var(--err)}.warning .sev{color:var(--warn)}.info .sev{color:var(--info)}
.remedy{color:var(--muted);margin-top:4px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}th{background:var(--box)}
td{overflow-wrap:normal;word-break:normal;min-width:4em}
pre{background:var(--box);border:1px solid var(--line);border-radius:6px;padding:10px;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-x:auto;white-space:pre;margin:0}
dl{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:4px 12px;margin:0}dt{color:var(--muted)}dd{margin:0}
.pass{color:var(--ok)}.fail{color:var(--err)}.unknown{color:var(--muted)}
footer{margin-top:32px;color:var(--muted);font-size:.85rem}
@media (max-width:480px){body{padding:12px;font-size:14px}dl{grid-template-columns:1fr}dt{font-weight:600;color:var(--fg)}dd{margin-bottom:6px}}
`;

function block(b: Block, W: BundleWords): string {
  switch (b.kind) {
    case 'text':
      return `<p>${esc(b.text)}</p>`;
    case 'facts':
      return `<dl>${b.rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
    case 'table':
      return `<div class="scroll"><table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
    case 'code':
      return `<pre>${esc(b.text)}</pre>`;
    case 'findings':
      if (b.findings.length === 0) return `<p class="pass">${esc(b.empty)}</p>`;
      return b.findings.map((f) => `<div class="finding ${f.severity}"><span class="sev">${esc(f.severity)}</span><code>${esc(f.code)}</code><div>${esc(f.message)}</div><div class="remedy">→ ${esc(f.remedy)}</div></div>`).join('');
    case 'checklist':
      return `<ul>${b.items.map((i) => `<li><span class="${i.status}">${i.status === 'pass' ? '✔' : i.status === 'fail' ? '✖' : '?'} ${esc(W.checklistStatus[i.status] ?? i.status)}</span> ${esc(i.item)} (${esc(i.title)})${i.note ? `<br><small>${esc(i.note)}</small>` : ''}</li>`).join('')}</ul>`;
  }
}

/** @example writeFileSync('report.html', renderBundleHtml(bundle)) */
export function renderBundleHtml(bundle: Bundle): string {
  const W = bundleWords(bundle.lang);
  const body = bundle.sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.heading)}</h2>${s.blocks.map((b) => block(b, W)).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="${esc(bundle.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${esc(bundle.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(bundle.title)}</h1>
<p><span class="verdict ${bundle.ok ? 'ok' : 'fail'}">${esc(bundle.verdict)}</span></p>
${body}
<footer>${esc(W.footer)}</footer>
</body>
</html>
`;
}
