// What every scenario gets: the mode, the machine set-up and a logger.
import type { Pinning } from './machine.js';
import type { Target } from './procs.js';

export interface BenchContext {
  quick: boolean;
  pin: Pinning;
  /** Where servers listen. */
  host: string;
  sourceAddrs: string[];
  workers: number;
  /** The highest connection count one process can hold here (open-file limit minus a margin). */
  maxConnections: number;
  redisUrl: string | null;
  log: (line: string) => void;
}

export interface TargetRun<T> {
  target: Target;
  run: number;
  result?: T;
  error?: string;
}
