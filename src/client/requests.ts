/**
 * The request side's rules, apart from the state machine (client.ts): request ids, channel
 * names, and what may become a request frame. The outbox (outbox.ts) holds each request until
 * its reply; docs/client.md "Errors" lists the codes.
 */
import { isValidChannel, type AckFrame, type PresenceReplyFrame, type RefreshedFrame, type ResultFrame } from '../protocol/index.js';
import { ClientErrorCode, WsgateClientError } from './errors.js';

/** The frames that answer a request: the request's promise resolves with the whole frame. */
export type Reply = AckFrame | PresenceReplyFrame | RefreshedFrame | ResultFrame;

export const tooBig = (max: number) => new WsgateClientError('MESSAGE_TOO_BIG', `frame over ${max} bytes`);

export function checkChannel(channel: string): void {
  if (!isValidChannel(channel)) throw new WsgateClientError(ClientErrorCode.INVALID_ARGUMENT, `invalid channel name "${channel}"`);
}

/** Request ids must be unique across tabs and processes of one user: the server dedupes publishes by (user, id). */
export const randomPrefix = (): string => Math.random().toString(36).slice(2) + Date.now().toString(36) + '-';
