/**
 * Every word the console shows, as one interface: `en.ts` and `zh-CN.ts` fill it, so a
 * missing word is a type error. Static text in index.html is keyed by `data-i18n` attributes
 * (the keys of `page`); views call the functions for text that carries values.
 */
import type { State } from '../../client/index.js';
import type { PathFindingTable } from '../../knowledge/index.js';

/** The browser test's steps (browser-test.ts), named here so words and test share one list. */
export type StepId = 'open' | 'hello' | 'ping' | 'close' | 'probe';

export interface ConsoleWords {
  /** Name of the language in itself, for the switch. */
  self: string;
  /** Static text of index.html, by `data-i18n` key (backtick spans become <code>). */
  page: Record<PageKey, string>;
  state: Record<State | 'signed-out', string>;
  facts: Record<'state' | 'transport' | 'up for' | 'user' | 'session' | 'node' | 'heartbeat' | 'auth' | 'messages', string>;
  /** The transport fact when the client fell back to SSE. */
  transportSse: string;
  heartbeatValue(interval: string, timeout: string): string;
  messagesValue(inCount: number, outCount: number): string;
  authTicket: string;
  duration(sec: number, min: number, hours: number): string;
  stats: Record<'last' | 'median' | 'max' | 'samples', string>;
  chartLabel(window: string): string;
  now: string;
  noReconnectYet: string;
  lastReconnect(seq: number, text: string): string;
  none: string;
  recovery: {
    notReconnecting: string;
    reconnecting: string;
    resubscribing: string;
    nothing: string;
    complete(missed: number, where: string): string;
    channels(n: number): string;
    lost(channels: string): string;
  };
  reconnect: {
    down(ms: string): string;
    gaveUp: string;
    downSoFar(ms: string): string;
    after(uptime: string): string;
    failed(n: number, codes: string): string;
    hinted(ms: string): string;
    nextTry(ms: string): string;
  };
  chat: {
    you: string;
    typeName: string;
    pasteToken: string;
    refused(code: string, fresh: boolean): string;
    goneForGood(code: string): string;
    badChannel(channel: string): string;
    joining(channel: string): string;
    joined(channel: string): string;
    recovered(channel: string): string;
    unrecovered(channel: string): string;
    cannotJoin(channel: string, error: string): string;
    connections(n: number): string;
    queued: string;
    notSent(error: string): string;
  };
  /** The "Diagnoses from users" card (views/diagnoses-view.ts). */
  diagnoses: {
    loading: string;
    count(n: number): string;
    failed(why: string): string;
    stepFailed(step: string, after: string): string;
    allPassed: string;
    probe(status: number): string;
    close(code: number, reason: string): string;
    /** The diagnose page's SSE step: its outcome (works, buffered, unavailable, sign-in) and the stream's status. */
    fallback(outcome: string, status: number | undefined): string;
  };
  assistant: {
    name: string;
    resumed: string;
    resumedTitle: string;
    stopped(reason: string): string;
  };
  signIn: {
    unreachable(error: string): string;
    devTokensOff: string;
    badName: string;
    badAnswer(status: number): string;
  };
  test: {
    titles: Record<StepId, string>;
    testing: string;
    again: string;
    pass(pong: string | null, total: string): string;
    fix: string;
    notConnected: string;
    connectionClosed: string;
    noOpen(ms: string): string;
    errorThenClose(code: string, after: string): string;
    openAfter(ms: string): string;
    after(ms: string): string;
    helloUser(user: string, interval: string): string;
    closedAfter(code: string, after: string): string;
    noHello(ms: string): string;
    pongAfter(ms: string): string;
    closedBeforePong(code: string): string;
    noPong(ms: string): string;
    onclose(code: number, after: string): string;
    noCloseEvent(ms: string): string;
    probeNoAnswer(message: string): string;
    probeOpaque: string;
    probeWsApp: string;
    probeServer(server: string): string;
    hiddenStatus: string;
    otherOrigin: string;
    upgradeRefusedNote(status: number, ms: number, origin: string): string;
    browserRefused(error: string): string;
    mixedContent: string;
    checkUrl: string;
  };
  severity: Record<'error' | 'warning' | 'info', string>;
  /** The path findings (the doctor's words) in this language. */
  findings: PathFindingTable;
  /** Close codes with their meaning. */
  closeCode(code: number): string;
  cannotDerive(error: string): string;
}

export type PageKey =
  | 'title'
  | 'brand'
  | 'endpointTitle'
  | 'language'
  | 'chat'
  | 'yourName'
  | 'namePlaceholder'
  | 'join'
  | 'orPasteToken'
  | 'token'
  | 'tokenPlaceholder'
  | 'useToken'
  | 'signinHint'
  | 'channel'
  | 'leave'
  | 'message'
  | 'messagePlaceholder'
  | 'send'
  | 'hereNow'
  | 'connection'
  | 'rtt'
  | 'pingNow'
  | 'pingNowTitle'
  | 'rttEmpty'
  | 'reconnects'
  | 'browserTest'
  | 'testHint'
  | 'runTest'
  | 'doctorHint'
  | 'diagnosesTitle'
  | 'diagnosesHint'
  | 'apiKey'
  | 'apiKeyNote'
  | 'showLatest';
