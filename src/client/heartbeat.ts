/**
 * The client heartbeat. The schedule lives in protocol/heartbeat.ts, shared with
 * `wsgate/socket`; this file names it for the client.
 */
export { startHeartbeat } from '../protocol/heartbeat.js';
export type { Heartbeat, HeartbeatHooks, HeartbeatOptions } from '../protocol/heartbeat.js';
