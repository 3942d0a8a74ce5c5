/** A thrown socket or DNS error as the doctor's `{ code, message }` (the errno code classifies it). */
export function probeError(err: unknown): { code: string; message: string } {
  const e = err as { code?: string; message?: string };
  return { code: e?.code ?? 'ERROR', message: e?.message ?? String(err) };
}
