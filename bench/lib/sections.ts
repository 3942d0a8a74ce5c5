// The sections of a bench run, in the order they run (docs/benchmarks.md "Method").
export const ALL_SECTIONS = ['bundle', 'echo', 'fanout', 'idle', 'handshake', 'storm', 'api', 'transports'] as const;
export type Section = (typeof ALL_SECTIONS)[number];
