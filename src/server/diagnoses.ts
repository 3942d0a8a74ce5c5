/**
 * Browser diagnoses posted by the diagnose page (docs/server.md "Diagnose page"): validated,
 * stripped of anything credential-like, and kept in a bounded store (count and bytes). Only the
 * fields listed in the schema are kept: no cookie, no header, no token ever reaches the store.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Query values and bearer credentials, wherever they appear in a string. */
const CREDENTIAL = /([?&;](?:token|access_token|ticket|jwt|auth|key|apikey|api_key)=)[^&#\s"]*|(bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/** A string with credentials masked and its length capped. */
export function scrub(text: string, max = 300): string {
  return text.replace(CREDENTIAL, (_m, q?: string, b?: string) => `${q ?? b ?? ''}[redacted]`).slice(0, max);
}

const str = (max: number) => z.string().max(max * 4).transform((s) => scrub(s, max));
const ms = z.number().finite().min(0).max(3_600_000);

const stepSchema = z.object({ id: str(20), title: str(80), status: z.enum(['running', 'pass', 'warn', 'fail', 'skip']), durationMs: ms, summary: str(300) });
const findingSchema = z.object({ code: str(40), severity: z.enum(['error', 'warning', 'info']).optional(), message: str(500).optional() });

/** What the diagnose page posts (src/web/diagnose.ts builds it). */
export const diagnosisSchema = z
  .object({
    version: z.literal(1),
    url: str(300),
    ok: z.boolean(),
    verdict: str(40),
    steps: z.array(stepSchema).max(10),
    findings: z.array(findingSchema).max(11),
    note: str(500).optional(),
    probe: z.object({ kind: z.enum(['status', 'network-error', 'opaque']), status: z.number().int().min(0).max(999).optional(), server: str(100).optional(), ms }).optional(),
    fallback: z
      .object({
        outcome: z.enum(['works', 'buffered', 'unavailable', 'sign-in']),
        code: z.enum(['FALLBACK_WORKS', 'FALLBACK_BUFFERED', 'FALLBACK_UNAVAILABLE']).optional(),
        status: z.number().int().min(0).max(999).optional(),
        headersMs: ms.optional(),
        sessionMs: ms.optional(),
        helloMs: ms.optional(),
        pongMs: ms.optional(),
        sendStatus: z.number().int().min(0).max(999).optional(),
        error: str(200).optional(),
      })
      .strip()
      .optional(),
    close: z.object({ code: z.number().int().min(0).max(4999), reason: str(123), wasClean: z.boolean(), afterMs: ms }).optional(),
    userAgent: str(300),
    language: str(35).optional(),
    connection: z
      .object({ type: str(20).optional(), effectiveType: str(10).optional(), downlink: z.number().finite().min(0).max(100_000).optional(), rtt: z.number().finite().min(0).max(600_000).optional(), saveData: z.boolean().optional() })
      .optional(),
    totalMs: ms,
  })
  .strip();

export type DiagnosisInput = z.output<typeof diagnosisSchema>;

export interface StoredDiagnosis extends DiagnosisInput {
  id: string;
  receivedAt: string;
  /** The client's address (X-Forwarded-For first with --trust-proxy). */
  client: string;
}

/** Where diagnoses are kept; the memory store below, or another behind the same interface. */
export interface DiagnosisStore {
  add(input: DiagnosisInput, client: string): StoredDiagnosis;
  /** Newest first. */
  list(limit?: number): StoredDiagnosis[];
  readonly size: number;
}

export interface DiagnosisStoreOptions {
  /** Reports kept (oldest dropped first). */
  maxCount?: number;
  /** Bytes of JSON kept in all (oldest dropped first). */
  maxBytes?: number;
  now?: () => number;
}

/**
 * The bounded in-memory store: at most `maxCount` reports and `maxBytes` of them.
 * @example const store = new MemoryDiagnosisStore({ maxCount: 100 }); store.add(input, '203.0.113.9');
 */
export class MemoryDiagnosisStore implements DiagnosisStore {
  private readonly items: Array<{ d: StoredDiagnosis; bytes: number }> = [];
  private bytes = 0;
  private readonly maxCount: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: DiagnosisStoreOptions = {}) {
    this.maxCount = options.maxCount ?? 100;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  add(input: DiagnosisInput, client: string): StoredDiagnosis {
    const d: StoredDiagnosis = { id: randomBytes(6).toString('hex'), receivedAt: new Date(this.now()).toISOString(), client: client.slice(0, 100), ...input };
    const bytes = Buffer.byteLength(JSON.stringify(d));
    this.items.push({ d, bytes });
    this.bytes += bytes;
    while (this.items.length > this.maxCount || (this.bytes > this.maxBytes && this.items.length > 1)) this.bytes -= this.items.shift()!.bytes;
    return d;
  }

  list(limit = this.maxCount): StoredDiagnosis[] {
    return this.items.slice(-limit).reverse().map((i) => i.d);
  }

  get size(): number {
    return this.items.length;
  }
}
