// Re-exports for the server integration tests.
export { MemoryBroker } from '../../src/server/index.js';
export type { Broker } from '../../src/server/index.js';
export type { StreamPosition as StreamPositionLike } from '../../src/protocol/index.js';
