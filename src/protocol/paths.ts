/**
 * The URL paths a wsgate server answers on by default: the WebSocket endpoint (`--path`) and
 * the ticket endpoint beside it. Written once here for the server, the client SDK, the web
 * console and the deploy generators (docs/protocol.md "Connecting").
 */

/** The default WebSocket path (`wsgate serve --path`), absolute. */
export const DEFAULT_WS_PATH = '/api/ws/chat';

/** Where `POST` with `Authorization: Bearer <token>` returns a single-use `?ticket=`. */
export const DEFAULT_TICKET_PATH = '/api/ws/ticket';
