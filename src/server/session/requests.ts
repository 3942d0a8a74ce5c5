/**
 * A session's requests: subscribe, unsubscribe, publish, presence and refresh, each with its
 * reply, and the one mapping from a failed request to what the client sees (an `error` frame
 * naming the request, or a close). Backend hooks (hooks.ts) run here, before the request acts.
 */
import { ErrorCode, FrameError, parseClientFrame, type ClientFrame, type ErrorFrame, type PublishFrame, type RequestId, type RpcFrame, type ServerFrame, type SubscribeFrame } from '../../protocol/index.js';
import type { Identity } from '../auth/identity.js';
import { BrokerUnavailableError, type PublishResult } from '../broker/types.js';
import { AuthError, CloseError } from '../errors.js';
import type { HookCaller, SessionHooks } from './hooks.js';
import type { SessionServices } from './services.js';
import type { SubscriptionSet } from './subscriptions.js';

/** What a request needs from its session (Session implements it). */
export interface RequestHost extends HookCaller {
  readonly services: SessionServices;
  readonly subscriptions: SubscriptionSet;
  send(frame: ServerFrame | string | Buffer): boolean;
  sendError(id: RequestId | null, code: ErrorFrame['code'], message: string): void;
  close(code: number, reason: string): void;
  /** Swaps in a refreshed identity (same user) and re-arms the expiry watch. */
  replaceIdentity(identity: Identity): void;
  /** Set while a hooked request (and whatever came after it) is in flight: later requests wait. */
  requestGate: Promise<void> | undefined;
}

/** A publish frame with its payload's text as the client sent it, when the session found it (payload-text.ts). */
export interface PublishRequest extends PublishFrame {
  json?: string;
}

/** The request id of a client frame, or null when it has none or is not a frame at all. */
export function requestIdOf(text: string): RequestId | null {
  try {
    return parseClientFrame(text).id;
  } catch (err) {
    return err instanceof FrameError ? err.requestId : null;
  }
}

/**
 * Runs a request. Requests no hook claims start at once, as they arrive (the broker keeps
 * their order). A hooked request, and every request after it while it is in flight, waits for
 * the one before, so acks leave in the order the client sent, however long a backend takes.
 */
export function dispatchRequest(host: RequestHost, frame: ClientFrame): void {
  if (host.requestGate === undefined && !needsHook(host.services.hooks, frame)) {
    void run(host, frame);
    return;
  }
  const next = (host.requestGate ?? Promise.resolve()).then(() => run(host, frame));
  host.requestGate = next;
  void next.then(() => {
    if (host.requestGate === next) host.requestGate = undefined;
  });
}

/** Never rejects: a failure becomes what the client sees. */
function run(host: RequestHost, frame: ClientFrame): Promise<void> {
  return handleRequest(host, frame).catch((err: unknown) => reportRequestError(host, frame, err));
}

/** True when a backend hook must decide on this frame before it acts (it then runs in order). */
export function needsHook(hooks: SessionHooks, frame: ClientFrame): boolean {
  if (frame.type === 'publish') return hooks.publish?.applies(frame.channel) ?? false;
  if (frame.type === 'subscribe') return hooks.subscribe?.applies(frame.channel) ?? false;
  return false;
}

export function handleRequest(host: RequestHost, frame: ClientFrame): Promise<void> {
  switch (frame.type) {
    case 'subscribe':
      return subscribe(host, frame);
    case 'unsubscribe':
      return host.subscriptions.unsubscribe(frame);
    case 'publish':
      return publish(host, frame);
    case 'presence':
      return presence(host, frame.id, frame.channel);
    case 'refresh':
      return refresh(host, frame.id, frame.token);
    case 'rpc':
      return rpc(host, frame);
  }
}

/** `rpc`: the backend's answer (docs/backend.md), or NOT_AVAILABLE without one. */
async function rpc(host: RequestHost, frame: RpcFrame): Promise<void> {
  const hook = host.services.hooks.rpc;
  if (!hook) throw new FrameError(ErrorCode.NOT_AVAILABLE, 'this server has no backend for rpc (wsgate serve --proxy-url)', frame.id);
  const data = await hook(host, { id: frame.id, method: frame.method, data: frame.data });
  host.send({ type: 'result', id: frame.id, data });
}

async function subscribe(host: RequestHost, frame: SubscribeFrame): Promise<void> {
  const hook = host.services.hooks.subscribe;
  if (hook?.applies(frame.channel) && !host.subscriptions.has(frame.channel)) {
    await hook.decide(host, { channel: frame.channel });
  }
  await host.subscriptions.subscribe(frame);
}

async function publish(host: RequestHost, frame: PublishRequest): Promise<void> {
  let data = frame.data;
  let json = frame.json;
  const hook = host.services.hooks.publish;
  if (hook?.applies(frame.channel)) {
    const decision = await hook.decide(host, { channel: frame.channel, id: frame.id, data });
    if (decision.skip) {
      host.send({ type: 'ack', id: frame.id, offset: 0, skipped: true } as ServerFrame);
      return;
    }
    if ('data' in decision && decision.data !== undefined) {
      data = decision.data;
      json = undefined;
    }
  }
  const result = await host.services.channels.publish({ channel: frame.channel, data, from: host.userId, id: frame.id, json });
  host.send(ackText(frame.id, result));
}

/**
 * A publish's ack, `{"type":"ack","id":…,"offset":…,"epoch":…}` plus `"duplicate":true` when
 * it repeats one: the text `JSON.stringify` writes for that object, built by concatenation
 * (one per publish, on the hot path).
 */
export function ackText(id: RequestId, result: PublishResult): string {
  return `{"type":"ack","id":${JSON.stringify(id)},"offset":${result.offset},"epoch":${JSON.stringify(result.epoch)}${result.duplicate ? ',"duplicate":true' : ''}}`;
}

async function presence(host: RequestHost, id: RequestId, channel: string): Promise<void> {
  const users = await host.services.channels.presence(channel);
  host.send({ type: 'presence', id, channel, users });
}

/** `refresh`: swap the token without reconnecting; the user must stay the same. */
async function refresh(host: RequestHost, id: RequestId, token: string): Promise<void> {
  const { auth, metrics } = host.services;
  let identity: Identity;
  try {
    identity = await auth.verifyToken(token);
  } catch (err) {
    const reason = err instanceof AuthError ? err.reason : 'invalid';
    metrics.authFailures.inc({ reason });
    host.sendError(id, ErrorCode.UNAUTHORIZED, err instanceof AuthError ? err.message : 'token invalid');
    return;
  }
  if (identity.userId !== host.userId) {
    metrics.authFailures.inc({ reason: 'invalid' });
    host.sendError(id, ErrorCode.UNAUTHORIZED, 'the new token is for another user; reconnect to switch users');
    return;
  }
  host.replaceIdentity(identity);
  host.send({ type: 'refreshed', id, user: { id: identity.userId }, ...(identity.expiresAt !== undefined ? { expiresAt: identity.expiresAt } : {}) });
}

/** What the client sees when a request failed: an error frame naming it, or a close. */
export function reportRequestError(host: RequestHost, frame: ClientFrame, err: unknown): void {
  if (err instanceof BrokerUnavailableError) {
    host.sendError(frame.id, ErrorCode.BROKER_UNAVAILABLE, err.message);
    return;
  }
  if (err instanceof FrameError) {
    host.sendError(frame.id, err.code, err.message);
    return;
  }
  if (err instanceof CloseError) {
    host.close(err.closeCode, err.message);
    return;
  }
  host.services.logger.error({ user: host.userId, session: host.session, type: frame.type, err: err instanceof Error ? err.message : String(err) }, 'frame handler failed');
  host.sendError(frame.id, ErrorCode.INTERNAL, 'the server failed to handle the frame');
}
