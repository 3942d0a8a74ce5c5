/**
 * The SSE counterpart of instrumented-socket.ts: a `fetch` for `new Client(url, { fetch })`
 * that reports the frames of the SSE fallback (docs/protocol.md "SSE fallback") to the same
 * listener: events read from a copy of the stream (`tee`), and frames in each send's body. The
 * client reads its own copy, unchanged.
 */
import type { FrameListener } from './instrumented-socket.js';

/** Frames in one chunk of SSE text: the `data:` of events without an `event:` name. */
export function sseFrames(block: string): string | null {
  if (/^event:/m.test(block)) return null;
  const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]);
  return data.length ? data.join('\n') : null;
}

async function watchStream(body: NonNullable<Response['body']>, listener: FrameListener, now: () => number): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value.replace(/\r/g, '');
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const frame = sseFrames(buf.slice(0, i));
        buf = buf.slice(i + 2);
        if (frame !== null) listener.frameIn(now(), frame);
      }
    }
  } catch {
    // The client closed the stream.
  }
}

/**
 * @example new Client(url, { fetch: instrumentedFetch(fetch.bind(window), monitor, () => performance.now()) })
 */
export function instrumentedFetch(base: typeof fetch, listener: FrameListener, now: () => number): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/\/send$/.test(url) && typeof init?.body === 'string') {
      for (const frame of init.body.split('\n').slice(2)) listener.frameOut(now(), frame);
    }
    const res = await base(input, init);
    if (!/\/sse(\?|$)/.test(url) || !res.ok || !res.body) return res;
    const [mine, theirs] = res.body.tee();
    void watchStream(mine, listener, now);
    return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
