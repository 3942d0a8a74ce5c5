// Command-line options of `npm run bench`.
import { ALL_SECTIONS, type Section } from './sections.js';
import type { Target } from './procs.js';

export interface BenchArgs {
  quick: boolean;
  runs: number;
  sections: Section[];
  targets: Target[];
  workers: number | null;
  pin: boolean;
  outDir: string;
  name: string;
  help: boolean;
  /** `--soak <duration>`: run the soak (only) for this long, in ms. */
  soakMs: number;
}

const TARGETS: Target[] = ['ws', 'socketio', 'wsgate', 'wsgate-redis'];

export const USAGE = `npm run bench [-- options]

  --quick             smoke run: small counts, one run each, under 2 minutes (CI runs this)
  --runs <n>          runs per figure; the median is reported (default 3, quick 1)
  --only <a,b>        sections: ${ALL_SECTIONS.join(', ')}
  --targets <a,b>     servers: ${TARGETS.join(', ')} (default all)
  --workers <n>       load-generator threads (default: the load generator's cores)
  --no-pin            do not pin servers and load generator to separate cores
  --out <dir>         where results go (default bench/results)
  --name <name>       file name stem (default latest, quick for --quick)
  --soak <duration>   run the soak only, for this long (e.g. 10m, 2m, 90s): bench/results/soak.*`;

export class ArgsError extends Error {}

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { quick: false, runs: 0, sections: [...ALL_SECTIONS], targets: [...TARGETS], workers: null, pin: true, outDir: 'bench/results', name: '', help: false, soakMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ArgsError(`${arg} needs a value`);
      return v;
    };
    const list = <T extends string>(v: string, allowed: readonly T[], what: string): T[] => {
      const items = v.split(',').map((s) => s.trim()).filter(Boolean);
      for (const it of items) if (!allowed.includes(it as T)) throw new ArgsError(`unknown ${what} "${it}" (one of ${allowed.join(', ')})`);
      return items as T[];
    };
    switch (arg) {
      case '--quick':
        a.quick = true;
        break;
      case '--runs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 20) throw new ArgsError('--runs must be a whole number from 1 to 20');
        a.runs = n;
        break;
      }
      case '--only':
        a.sections = list(value(), ALL_SECTIONS, 'section');
        break;
      case '--targets':
        a.targets = list(value(), TARGETS, 'target');
        break;
      case '--workers': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 16) throw new ArgsError('--workers must be a whole number from 1 to 16');
        a.workers = n;
        break;
      }
      case '--no-pin':
        a.pin = false;
        break;
      case '--out':
        a.outDir = value();
        break;
      case '--name':
        a.name = value();
        break;
      case '--soak': {
        const v = value();
        const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(v);
        const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'] : Number.NaN;
        if (!(ms >= 30_000 && ms <= 24 * 3_600_000)) throw new ArgsError('--soak needs a duration from 30s to 24h, e.g. 10m');
        a.soakMs = ms;
        break;
      }
      case '-h':
      case '--help':
        a.help = true;
        break;
      default:
        throw new ArgsError(`unknown option ${arg}`);
    }
  }
  if (!a.runs) a.runs = a.quick ? 1 : 3;
  if (!a.name) a.name = a.quick ? 'quick' : 'latest';
  return a;
}
