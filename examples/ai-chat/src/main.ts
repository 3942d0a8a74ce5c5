/**
 * The AI chat backend (docs/backend.md, "The AI chat"). Run wsgate with
 *
 *   wsgate serve --api-key $WSGATE_API_KEY --proxy-url http://127.0.0.1:3000 \
 *     --proxy-publish 'ai:*' --proxy-subscribe 'ai:*' [--proxy-secret $WSGATE_PROXY_SECRET]
 *
 * and this with `npm start` (env below). Clients subscribe to `ai:<their user id>` and publish
 * `{"text":"…"}` there; the answer streams into the same channel.
 *
 * Env: PORT (default 3000), WSGATE_API_URL, WSGATE_API_KEY, AI_BASE_URL, AI_API_KEY, AI_MODEL,
 * and WSGATE_PROXY_SECRET when wsgate signs its hooks (--proxy-secret).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Assistant, conversationOwner } from './assistant.js';
import { streamChat } from './openai-stream.js';
import { verifySignature } from './signature.js';
import { WsgateApi } from './wsgate-api.js';

const env = process.env;

const HOW_TO = `AI_BASE_URL is not set: this backend needs an OpenAI-compatible chat completions endpoint.
Set AI_BASE_URL (and AI_API_KEY, AI_MODEL) to one of, for example:
  OpenAI               AI_BASE_URL=https://api.openai.com/v1                            AI_MODEL=gpt-4o-mini
  DeepSeek             AI_BASE_URL=https://api.deepseek.com/v1                          AI_MODEL=deepseek-chat
  Qwen (DashScope)     AI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1    AI_MODEL=qwen-plus
  Ollama (local)       AI_BASE_URL=http://127.0.0.1:11434/v1                            AI_MODEL=llama3.2
  vLLM (local)         AI_BASE_URL=http://127.0.0.1:8000/v1                             AI_MODEL=<the served model>
then run again. See docs/backend.md.`;

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const refuse = (code: string, message: string) => ({ error: { code, message } });

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function main(): void {
  if (!env.AI_BASE_URL) {
    process.stderr.write(`${HOW_TO}\n`);
    process.exit(2);
  }
  if (!env.WSGATE_API_URL || !env.WSGATE_API_KEY) {
    process.stderr.write('WSGATE_API_URL and WSGATE_API_KEY must be set: the wsgate server API this backend publishes through (wsgate serve --api-key …).\n');
    process.exit(2);
  }
  const api = new WsgateApi({ baseUrl: env.WSGATE_API_URL, apiKey: env.WSGATE_API_KEY });
  const model = { baseUrl: env.AI_BASE_URL, apiKey: env.AI_API_KEY, model: env.AI_MODEL ?? 'gpt-4o-mini' };
  const assistant = new Assistant(api, model, streamChat, { info: (m, f) => log('info', m, f), error: (m, f) => log('error', m, f) });
  const secret = env.WSGATE_PROXY_SECRET;

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (secret && !verifySignature(secret, raw, req.headers['x-wsgate-signature'] as string | undefined)) {
        return reply(res, 401, refuse('BAD_SIGNATURE', 'the hook signature does not match'));
      }
      const hook = JSON.parse(raw.toString('utf8') || '{}') as { user?: { id?: string }; channel?: string; id?: string | number; data?: unknown; method?: string };
      const user = hook.user?.id ?? '';
      switch (req.url) {
        case '/subscribe':
        case '/publish': {
          const owner = conversationOwner(hook.channel ?? '');
          if (owner !== user) return reply(res, 403, refuse('FORBIDDEN_CHANNEL', 'this conversation belongs to another user'));
          if (req.url === '/subscribe') return reply(res, 200, {});
          const d = hook.data as { text?: unknown } | string | null;
          const text = typeof d === 'string' ? d : typeof d?.text === 'string' ? d.text : '';
          if (!text.trim()) return reply(res, 400, refuse('BAD_QUESTION', 'send {"text": "your question"}'));
          try {
            await assistant.ask({ channel: hook.channel!, user, clientId: hook.id ?? '', text });
          } catch (err) {
            log('error', 'could not publish the question', { err: err instanceof Error ? err.message : String(err) });
            return reply(res, 503, refuse('UNAVAILABLE', 'the chat service could not take the question; retry'));
          }
          // Published by us (with its offset), so wsgate publishes nothing itself.
          return reply(res, 200, { skip: true });
        }
        case '/connect':
          return reply(res, 200, { channels: [`ai:${user}`] });
        case '/rpc':
          if (hook.method === 'model') return reply(res, 200, { data: { model: model.model } });
          return reply(res, 404, refuse('UNKNOWN_METHOD', `no method "${String(hook.method)}"`));
        default:
          return reply(res, 404, refuse('NOT_FOUND', 'not a hook'));
      }
    })().catch((err: unknown) => {
      log('error', 'hook failed', { err: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) reply(res, 500, refuse('INTERNAL', 'the backend failed'));
    });
  });
  const port = Number(env.PORT ?? 3000);
  server.listen(port, env.HOST ?? '127.0.0.1', () => {
    const addr = server.address();
    log('info', 'listening', { port: typeof addr === 'object' && addr ? addr.port : port, model: model.model, ai: new URL(model.baseUrl).origin });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
