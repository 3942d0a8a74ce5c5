/**
 * `wsgate/client`: the browser + Node client SDK. A connection that survives CDNs and loses
 * nothing (docs/client.md), over WebSocket or, where the path blocks it, SSE + POST. The same
 * public names as `wsgate/client/websocket`, with the `Client` that can fall back. Imports only
 * `wsgate/protocol`; no runtime dependencies.
 */
export * from './websocket.js';
export { Client } from './fallback-client.js';
