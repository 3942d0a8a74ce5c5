// A local stand-in for an OpenAI-compatible model (no model is reachable from the lab):
// `POST /v1/chat/completions` with `stream: true` answers in the real wire format, server-sent
// events `data: {"id",…,"choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}]}`,
// a last chunk with `finish_reason`, then `data: [DONE]` (the format OpenAI, DeepSeek, DashScope's
// compatible mode, Ollama and vLLM share). The answer is deterministic: `words` tokens
// "w1 w2 …" after an echo of the question, one every `tokenMs`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiOptions {
  host?: string;
  port?: number;
  /** Required `Authorization: Bearer <key>` (OpenAI's 401 body otherwise). */
  apiKey?: string;
  /** Tokens per answer after the echo (default 20). */
  words?: number;
  /** Delay between tokens (default 20 ms). */
  tokenMs?: number;
}

export interface FakeOpenAi {
  baseUrl: string;
  /** Every request body received, in order. */
  requests: Array<{ model: string; messages: Array<{ role: string; content: string }>; stream: boolean }>;
  close(): Promise<void>;
}

/** The tokens the fake answers `question` with (so a test knows the whole answer). */
export function fakeAnswerTokens(question: string, words = 20): string[] {
  return [`You asked: ${question}.`, ...Array.from({ length: words }, (_, i) => ` w${i + 1}`)];
}

function chunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const requests: FakeOpenAi['requests'] = [];
  const open = new Set<ServerResponse>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"Not found","type":"invalid_request_error"}}');
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeOpenAi['requests'][number];
    requests.push(body);
    const question = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const tokens = fakeAnswerTokens(question, options.words ?? 20);
    const id = `chatcmpl-${requests.length}`;
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: 'stop' }] }));
      return;
    }
    open.add(res);
    res.on('close', () => open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(chunk(id, body.model, { role: 'assistant', content: '' }, null));
    for (const t of tokens) {
      await new Promise((r) => setTimeout(r, options.tokenMs ?? 20));
      if (res.destroyed) return;
      res.write(chunk(id, body.model, { content: t }, null));
    }
    res.write(chunk(id, body.model, {}, 'stop'));
    res.end('data: [DONE]\n\n');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', r));
  const addr = server.address() as AddressInfo;
  return {
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${addr.port}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
