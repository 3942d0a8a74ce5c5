/** The words of the console's "Diagnoses from users" card (views/diagnoses-view.ts). */
export const DIAGNOSES_WORDS = {
  loading: 'Loading…',
  count: (n: number) => (n ? `${n} diagnos${n === 1 ? 'is' : 'es'}, newest first` : 'None yet.'),
  failed: (why: string) => `Cannot list diagnoses: ${why}`,
  stepFailed: (step: string, after: string) => `${step} failed after ${after}`,
  allPassed: 'every step passed',
  probe: (status: number) => `plain request: HTTP ${status}`,
  close: (code: number, reason: string) => `close ${code}${reason ? ` "${reason}"` : ''}`,
} as const;
