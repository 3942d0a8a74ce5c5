/**
 * Where `wsgate logs` reads from: files, directories (recursively, log-looking files only) and
 * `-` for stdin, each opened as a byte stream when its turn comes, so nothing is held whole.
 * What cannot be opened becomes an INPUT_UNREADABLE finding; the rest is still read.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawFinding } from '../findings/index.js';

export interface LogSource {
  /** The name used in examples (`file:line`). */
  name: string;
  /** Bytes, when known (files), for progress. */
  size?: number;
  open(): AsyncIterable<Buffer | string>;
}

const LOG_NAME = /(\.(log|txt|json|jsonl|ndjson|out)$|log|access|^[^.]+$)/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  return e?.code ?? e?.message ?? String(err);
}

async function walk(dir: string, out: LogSource[], problems: RawFinding[]): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    problems.push({ code: 'INPUT_UNREADABLE', data: { file: dir, error: reason(err) } });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    try {
      const s = await stat(path);
      if (s.isDirectory()) await walk(path, out, problems);
      else if (s.isFile() && LOG_NAME.test(name) && !/\.(gz|zip|bz2|xz|zst)$/i.test(name)) out.push(fileSource(path, s.size));
    } catch (err) {
      problems.push({ code: 'INPUT_UNREADABLE', data: { file: path, error: reason(err) } });
    }
  }
}

function fileSource(path: string, size: number): LogSource {
  return { name: path, size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

/** Lists the sources for the given paths (nothing is read yet). */
export async function listSources(paths: readonly string[], stdin: NodeJS.ReadableStream): Promise<{ sources: LogSource[]; problems: RawFinding[] }> {
  const sources: LogSource[] = [];
  const problems: RawFinding[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ name: '<stdin>', open: () => stdin as AsyncIterable<Buffer | string> });
      continue;
    }
    try {
      const s = await stat(path);
      if (s.isDirectory()) await walk(path, sources, problems);
      else sources.push(fileSource(path, s.size));
    } catch (err) {
      problems.push({ code: 'INPUT_UNREADABLE', data: { file: path, error: reason(err) } });
    }
  }
  return { sources, problems };
}
