/**
 * Reading a JSON request body with a size bound: past `limit` bytes it stops reading and
 * answers 413; a body that is not JSON is 400 BAD_JSON; an empty body is `{}`.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

export async function readJson(req: IncomingMessage, limit = 4096): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'BODY_TOO_LARGE', `body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'BODY_TOO_LARGE', `body over ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'body is not valid JSON');
  }
}
