/**
 * The diagnose page and its API (docs/server.md "Diagnose page"): `GET /diagnose` serves the
 * page a user opens from their own network; the page runs the browser test and `POST`s the
 * result to `/api/diagnoses` (rate-limited per address, bounded in size, validated, stored
 * bounded, logged as one line); `GET /api/diagnoses` lists them for the operator.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { apiKeyOf, keyChecker } from './api/api-key.js';
import type { ServerContext } from './context.js';
import { diagnosisSchema, MemoryDiagnosisStore, type DiagnosisStore } from './diagnoses.js';
import { HttpError } from './errors.js';
import { TokenBucket } from './rate-limit.js';
import { withWsPathMeta } from './static.js';
import { clientAddressOf } from './admission.js';

/** A posted report is a few KB; anything bigger is not from the page. */
export const MAX_DIAGNOSIS_BYTES = 16 * 1024;
/** Per client address: 5 reports at once, then one every 20 s. */
const POST_BURST = 5;
const POST_PER_SECOND = 1 / 20;
const MAX_TRACKED_ADDRESSES = 10_000;

export interface DiagnoseState {
  store: DiagnosisStore;
  buckets: Map<string, TokenBucket>;
}

/** What the routes need from the server: its context and web root; the state lives on it. */
export interface DiagnoseHost {
  ctx: ServerContext;
  webRoot: string;
  /** Created on first use, on the server's own HTTP state (never module-level: two servers in one process share nothing). */
  diagnose?: DiagnoseState;
}

function stateOf(host: DiagnoseHost): DiagnoseState {
  return (host.diagnose ??= { store: new MemoryDiagnosisStore(), buckets: new Map() });
}

function json(res: ServerResponse, status: number, body: unknown, head = false): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length, 'cache-control': 'no-store' });
  res.end(head ? undefined : text);
}

async function bodyText(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_DIAGNOSIS_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `a diagnosis is at most ${MAX_DIAGNOSIS_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DIAGNOSIS_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `a diagnosis is at most ${MAX_DIAGNOSIS_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Who may read diagnoses: with `--api-key`, whoever sends `Authorization: apikey <key>` (the
 * server API's check, api/api-key.ts); without one, only a dev-mode server (no auth configured,
 * a local setup) lets anyone read; any other server refuses.
 */
function checkOperator(ctx: ServerContext, req: IncomingMessage): void {
  if (ctx.cfg.apiKey) {
    if (keyChecker(ctx.cfg.apiKey)(apiKeyOf(req.headers.authorization))) return;
    throw new HttpError(401, 'UNAUTHORIZED', 'send Authorization: apikey <key> (the key given to --api-key)', { 'www-authenticate': 'apikey' });
  }
  if (!ctx.cfg.devMode) throw new HttpError(403, 'OPERATOR_ONLY', 'reading diagnoses needs the server API key (--api-key); each diagnosis is also logged (event "diagnosis")');
}

function allowPost(state: DiagnoseState, client: string): number {
  let bucket = state.buckets.get(client);
  if (!bucket) {
    if (state.buckets.size >= MAX_TRACKED_ADDRESSES) state.buckets.delete(state.buckets.keys().next().value!);
    state.buckets.set(client, (bucket = new TokenBucket(POST_PER_SECOND, POST_BURST)));
  }
  return bucket.take() ? 0 : bucket.waitMs();
}

async function receive(host: DiagnoseHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = host;
  const state = stateOf(host);
  const { client } = clientAddressOf(req, ctx.cfg.trustProxy);
  const waitMs = allowPost(state, client);
  if (waitMs > 0) throw new HttpError(429, 'RATE_LIMITED', 'too many diagnoses from this address; try again later', { 'retry-after': String(Math.ceil(waitMs / 1000)) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(await bodyText(req));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'BAD_JSON', 'body is not valid JSON');
  }
  const result = diagnosisSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, 'BAD_DIAGNOSIS', `not a diagnosis: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
  }
  const d = state.store.add(result.data, client);
  const failed = d.steps.find((s) => s.status === 'fail');
  ctx.logger.info(
    {
      event: 'diagnosis',
      id: d.id,
      client: d.client,
      ok: d.ok,
      verdict: d.verdict,
      codes: d.findings.map((f) => f.code),
      ...(failed ? { failedStep: failed.id } : {}),
      ...(d.close ? { closeCode: d.close.code } : {}),
      ...(d.probe?.status !== undefined ? { probeStatus: d.probe.status } : {}),
      ...(d.fallback ? { fallback: d.fallback.outcome } : {}),
      ...(d.connection?.effectiveType ? { connection: d.connection.effectiveType } : {}),
      userAgent: d.userAgent.slice(0, 120),
    },
    'browser diagnosis received',
  );
  json(res, 201, { id: d.id, receivedAt: d.receivedAt });
}

/**
 * Handles the diagnose routes; false for any other path. Wired in http-routes.ts.
 * @example if (await handleDiagnoseRoutes(state, req, res, path)) return;
 */
export async function handleDiagnoseRoutes(host: DiagnoseHost, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  const { ctx, webRoot } = host;
  const head = req.method === 'HEAD';
  if (path === '/diagnose') {
    if (req.method !== 'GET' && !head) throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET, HEAD' });
    let html: string;
    try {
      html = await readFile(join(webRoot, 'diagnose.html'), 'utf8');
    } catch {
      throw new HttpError(404, 'NOT_FOUND', 'the diagnose page is not built: run npm run build');
    }
    const body = Buffer.from(withWsPathMeta(html, ctx.cfg.path));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    res.end(head ? undefined : body);
    return true;
  }
  if (path !== '/api/diagnoses') return false;
  if (req.method === 'POST') {
    await receive(host, req, res);
    return true;
  }
  if (req.method !== 'GET' && !head) throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use GET or POST', { allow: 'GET, HEAD, POST' });
  checkOperator(ctx, req);
  const list = stateOf(host).store.list();
  json(res, 200, { count: list.length, diagnoses: list }, head);
  return true;
}
