/**
 * The wsgate server API, as this backend uses it: publish (with an id, so a retry after a lost
 * answer never publishes twice) and history. Retries network errors and 5xx with backoff:
 * a wsgate node may restart or die between two deltas (the balancer sends the retry to another).
 */

export interface ApiSettings {
  /** e.g. `http://wsgate:8080` (a balancer in front of every node is fine). */
  baseUrl: string;
  apiKey: string;
  /** Gives up after this long (default 30 s). */
  retryForMs?: number;
}

export interface Published {
  offset: number;
  epoch: string;
  duplicate?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WsgateApi {
  constructor(private readonly settings: ApiSettings) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const deadline = Date.now() + (this.settings.retryForMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      let retryable: unknown;
      try {
        const res = await fetch(`${this.settings.baseUrl.replace(/\/+$/, '')}${path}`, {
          method,
          headers: { authorization: `apikey ${this.settings.apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        const answer = (await res.json().catch(() => ({}))) as T & { error?: string; message?: string };
        if (res.ok) return answer;
        const err = new ApiError(res.status, answer.error ?? 'HTTP', answer.message ?? `HTTP ${res.status}`);
        if (res.status < 500) throw err; // our mistake: retrying repeats it
        retryable = err;
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) throw err;
        retryable = err;
      }
      if (Date.now() > deadline) throw retryable;
      await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }

  /** Publishes once per `id` however often it is retried. */
  publish(channel: string, data: unknown, id: string, from?: string): Promise<Published> {
    return this.request('POST', '/api/publish', { channel, data, id, ...(from ? { from } : {}) });
  }

  history(channel: string, limit: number): Promise<{ messages: Array<{ offset: number; from: string; data: unknown }> }> {
    return this.request('GET', `/api/history?channel=${encodeURIComponent(channel)}&limit=${limit}`);
  }
}
