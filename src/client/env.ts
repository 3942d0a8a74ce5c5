/**
 * The client's page wake-ups and offline check. The rule lives in protocol/wake-ups.ts, shared
 * with `wsgate/socket`; this file names it for the client.
 */
export { watchEnvironment, isOffline } from '../protocol/wake-ups.js';
export type { WakeReason } from '../protocol/wake-ups.js';
