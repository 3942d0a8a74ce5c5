/**
 * Reading `wsgate lint` inputs: files, directories (recursively, only config-looking files),
 * and `-` for stdin. What cannot be read becomes an INPUT_UNREADABLE finding for that path;
 * the other inputs are still read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawFinding } from '../../findings/index.js';
import { formatByName } from './detect.js';
import type { LintInput } from './lint.js';

export interface InputFs {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  isDirectory(path: string): Promise<boolean>;
  readStdin(): Promise<string>;
}

export function nodeFs(stdin: NodeJS.ReadableStream): InputFs {
  return {
    readFile: (p) => readFile(p, 'utf8'),
    readdir: (p) => readdir(p),
    isDirectory: async (p) => (await stat(p)).isDirectory(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  return e?.message ?? String(err);
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage']);

async function walk(fs: InputFs, dir: string, out: LintInput[], problems: RawFinding[]): Promise<number> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch (err) {
    problems.push({ code: 'INPUT_UNREADABLE', check: 'read-input', data: { file: dir, line: 0, error: reason(err) } });
    return 0;
  }
  let count = 0;
  for (const name of names) {
    if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    let isDir: boolean;
    try {
      isDir = await fs.isDirectory(path);
    } catch (err) {
      problems.push({ code: 'INPUT_UNREADABLE', check: 'read-input', data: { file: path, line: 0, error: reason(err) } });
      continue;
    }
    if (isDir) {
      count += await walk(fs, path, out, problems);
      continue;
    }
    if (!formatByName(name)) continue;
    count++;
    try {
      out.push({ file: path, text: await fs.readFile(path) });
    } catch (err) {
      problems.push({ code: 'INPUT_UNREADABLE', check: 'read-input', data: { file: path, line: 0, error: reason(err) } });
    }
  }
  return count;
}

/** Reads every path; returns the texts and a finding for each path that could not be read. */
export async function readInputs(paths: readonly string[], fs: InputFs): Promise<{ inputs: LintInput[]; problems: RawFinding[] }> {
  const inputs: LintInput[] = [];
  const problems: RawFinding[] = [];
  for (const path of paths) {
    if (path === '-') {
      try {
        inputs.push({ file: '<stdin>', text: await fs.readStdin() });
      } catch (err) {
        problems.push({ code: 'INPUT_UNREADABLE', check: 'read-input', data: { file: '<stdin>', line: 0, error: reason(err) } });
      }
      continue;
    }
    try {
      if (await fs.isDirectory(path)) {
        const found = await walk(fs, path, inputs, problems);
        if (found === 0) problems.push({ code: 'NO_CONFIG_FOUND', check: 'read-input', data: { file: path, line: 0 } });
        continue;
      }
      inputs.push({ file: path, text: await fs.readFile(path) });
    } catch (err) {
      problems.push({ code: 'INPUT_UNREADABLE', check: 'read-input', data: { file: path, line: 0, error: reason(err) } });
    }
  }
  return { inputs, problems };
}
