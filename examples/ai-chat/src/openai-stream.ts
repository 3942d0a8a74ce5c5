/**
 * A streaming client for any OpenAI-compatible `POST <base>/chat/completions` (OpenAI,
 * DeepSeek, Qwen/DashScope compatible mode, Ollama, vLLM): `stream: true` answers with
 * server-sent events, one `data: {"choices":[{"delta":{"content":"…"}}]}` per chunk, a chunk
 * whose `finish_reason` is set, then `data: [DONE]`.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelSettings {
  /** e.g. `https://api.openai.com/v1`, `https://api.deepseek.com/v1`, `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Gives up when the model sends nothing for this long (default 60 s). */
  idleTimeoutMs?: number;
}

/** One step of a streamed answer. */
export type StreamEvent = { delta: string } | { finishReason: string };

/** Splits an SSE byte stream into the `data:` payloads of its events (multi-line data joined with \n). */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === '\r' ? 2 : 1));
      if (line === '') {
        if (data.length) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      // Comments (": keep-alive") and other fields (event:, id:) carry nothing we need.
    }
  }
  if (data.length) yield data.join('\n');
}

/** Reads the chunks of a chat completion stream into deltas and one finish reason. */
export async function* completionEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  let finished = false;
  for await (const payload of sseData(body)) {
    if (payload.trim() === '[DONE]') break;
    let chunk: { choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>; error?: { message?: string } };
    try {
      chunk = JSON.parse(payload) as typeof chunk;
    } catch {
      continue; // a provider's non-JSON keep-alive
    }
    if (chunk.error) throw new Error(`model error: ${chunk.error.message ?? 'unknown'}`);
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content;
    if (typeof content === 'string' && content.length > 0) yield { delta: content };
    if (choice?.finish_reason && !finished) {
      finished = true;
      yield { finishReason: choice.finish_reason };
    }
  }
  if (!finished) yield { finishReason: 'stop' };
}

/**
 * Streams the model's answer to `messages`.
 * @example for await (const e of streamChat(settings, [{ role: 'user', content: 'hi' }])) …
 */
export async function* streamChat(settings: ModelSettings, messages: ChatMessage[], signal?: AbortSignal): AsyncGenerator<StreamEvent> {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
    body: JSON.stringify({ model: settings.model, messages, stream: true }),
    signal,
  });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`${url} answered HTTP ${res.status}: ${message}`);
  }
  yield* completionEvents(res.body as unknown as AsyncIterable<Uint8Array>);
}
