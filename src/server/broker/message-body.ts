/**
 * A message's payload as JSON text, end to end: a publish keeps the text the client sent (or
 * the text serialised once), the broker stores and forwards that text, and the message frame is
 * built around it, so a payload is validated once and never parsed or serialised again on its
 * way out (docs/server.md, performance notes). `data` is parsed from the text only if someone
 * reads it.
 *
 * The Redis body format is unchanged (`{"from":…,"data":…}`, what `JSON.stringify({from, data})`
 * wrote before), so nodes of different versions read each other's messages.
 */
import type { BrokerMessage } from './types.js';

/** A broker message holding its payload as JSON text; `data` is parsed on first read. */
export class JsonMessage implements BrokerMessage {
  private parsed: unknown;
  private hasParsed = false;
  constructor(
    readonly channel: string,
    readonly epoch: string,
    readonly offset: number,
    readonly from: string,
    readonly json: string,
    readonly time: number,
  ) {}

  get data(): unknown {
    if (!this.hasParsed) {
      this.parsed = JSON.parse(this.json);
      this.hasParsed = true;
    }
    return this.parsed;
  }
}

/** The payload's JSON text: the text given, or `data` serialised once (`null` for what JSON cannot hold). */
export function payloadJson(data: unknown, json: string | undefined): string {
  return json ?? (JSON.stringify(data === undefined ? null : data) as string | undefined) ?? 'null';
}

/** The stored body of a message: `{"from":<from>,"data":<payload>}`. */
export function messageBody(from: string, data: unknown, json: string | undefined): string {
  return `{"from":${JSON.stringify(from)},"data":${payloadJson(data, json)}}`;
}

const FROM_AT = '{"from":'.length;
const DATA_KEY = ',"data":';

/**
 * `{from, json}` of a stored body. The payload's text is cut out, not parsed: a JSON string
 * never holds an unescaped `"`, so the first `,"data":` after the `from` string is the
 * separator. Anything in another shape is parsed in full.
 */
export function readMessageBody(body: string): { from: string; json: string } {
  if (body.startsWith('{"from":"') && body.endsWith('}')) {
    const at = body.indexOf(DATA_KEY, FROM_AT);
    if (at > 0) {
      try {
        const from = JSON.parse(body.slice(FROM_AT, at)) as unknown;
        if (typeof from === 'string') return { from, json: body.slice(at + DATA_KEY.length, -1) };
      } catch {
        // not our shape: parsed in full below
      }
    }
  }
  const parsed = JSON.parse(body) as { from: string; data: unknown };
  return { from: parsed.from, json: payloadJson(parsed.data, undefined) };
}

const BODY_KEY = ',"b":';

/**
 * A pub/sub message, `{"e":<epoch>,"o":<offset>,"t":<ms>,"b":<body>}` as the publish script
 * writes it (epoch, offset and time hold no `"b"` key), read without parsing the payload.
 */
export function readPubsubMessage(channel: string, text: string): JsonMessage {
  const at = text.indexOf(BODY_KEY);
  if (at > 0 && text.endsWith('}')) {
    const head = JSON.parse(`${text.slice(0, at)}}`) as { e: string; o: number; t: number };
    const body = readMessageBody(text.slice(at + BODY_KEY.length, -1));
    return new JsonMessage(channel, head.e, head.o, body.from, body.json, head.t);
  }
  const raw = JSON.parse(text) as { e: string; o: number; t: number; b: { from: string; data: unknown } };
  return new JsonMessage(channel, raw.e, raw.o, raw.b.from, payloadJson(raw.b.data, undefined), raw.t);
}
