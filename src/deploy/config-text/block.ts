/**
 * A tiny AST for block-structured proxy configs (nginx.conf, Caddyfile) and its printers.
 * Generators build trees of directives; only the printers know the syntax, so a value that
 * needs quoting is quoted in one place and a brace can never go missing.
 */

export interface Directive {
  name: string;
  args: string[];
  /** Children make it a block: `name args { … }`. */
  block?: Node[];
}

export interface Comment {
  comment: string;
}

/** An empty line between groups, for the reader. */
export interface Blank {
  blank: true;
}

export type Node = Directive | Comment | Blank;

/** `d('proxy_pass', 'http://up')`, `d('server', [], [...children])`. */
export function d(name: string, args: string | string[] = [], block?: Node[]): Directive {
  const node: Directive = { name, args: typeof args === 'string' ? [args] : args };
  if (block) node.block = block;
  return node;
}

export const comment = (text: string): Comment => ({ comment: text });
export const blank: Blank = { blank: true };

function isComment(n: Node): n is Comment {
  return 'comment' in n;
}
function isBlank(n: Node): n is Blank {
  return 'blank' in n;
}

interface Syntax {
  indent: string;
  /** Quotes an argument if the syntax needs it. */
  arg(value: string): string;
  /** What ends a simple directive (`;` for nginx, nothing for Caddy). */
  end: string;
}

function print(nodes: readonly Node[], syntax: Syntax, depth: number, out: string[]): void {
  const pad = syntax.indent.repeat(depth);
  for (const n of nodes) {
    if (isBlank(n)) out.push('');
    else if (isComment(n)) for (const line of n.comment.split('\n')) out.push(`${pad}# ${line}`.trimEnd());
    else {
      const head = [syntax.arg(n.name), ...n.args.map((a) => syntax.arg(a))].join(' ');
      if (n.block) {
        out.push(`${pad}${head} {`);
        print(n.block, syntax, depth + 1, out);
        out.push(`${pad}}`);
      } else out.push(`${pad}${head}${syntax.end}`);
    }
  }
}

/** nginx quoting: bare words stay bare; empty or special strings get single quotes. */
function nginxArg(value: string): string {
  if (value !== '' && !/[\s;{}'"#\\]/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Caddyfile quoting: double quotes around values with spaces or quotes. */
function caddyArg(value: string): string {
  if (value !== '' && !/[\s"{}#]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Prints nginx configuration text (4-space indent, `;` after simple directives). */
export function printNginx(nodes: readonly Node[]): string {
  const out: string[] = [];
  print(nodes, { indent: '    ', arg: nginxArg, end: ';' }, 0, out);
  return out.join('\n') + '\n';
}

/** Prints a Caddyfile (tab indent, as `caddy fmt` does). */
export function printCaddyfile(nodes: readonly Node[]): string {
  const out: string[] = [];
  print(nodes, { indent: '\t', arg: caddyArg, end: '' }, 0, out);
  return out.join('\n') + '\n';
}
