// A TCP proxy of our own (node:net) between a client and a wsgate server, for the client's
// integration and chaos tests: it can cut every connection at once, refuse new ones, or
// swallow what the server sends (so a publish reaches the server but its ack never returns).
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Pair {
  client: Socket;
  server: Socket;
}

export class ChaosProxy {
  readonly pairs = new Set<Pair>();
  /** Connections cut by cutAll() so far. */
  cuts = 0;
  /** Connections accepted so far. */
  accepted = 0;
  /** The most connections open through the proxy at the same time. */
  maxOpen = 0;
  private refusing = false;
  private downstreamBlocked = false;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }, host = '127.0.0.1'): Promise<ChaosProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const address = server.address();
    const proxy = new ChaosProxy(server, host, typeof address === 'object' && address ? address.port : 0, target);
    server.on('connection', (c) => proxy.accept(c));
    return proxy;
  }

  /** The proxy's ws:// URL for a path. */
  url(path = '/api/ws/chat'): string {
    return `ws://${this.host}:${this.port}${path}`;
  }

  /** Where new connections go (e.g. a restarted server on another port). */
  retarget(target: { host: string; port: number }): void {
    this.target.host = target.host;
    this.target.port = target.port;
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const server = connect(this.target);
    const pair: Pair = { client, server };
    this.pairs.add(pair);
    this.maxOpen = Math.max(this.maxOpen, this.pairs.size);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
    client.on('data', (d) => server.write(d));
    server.on('data', (d) => {
      if (!this.downstreamBlocked) client.write(d);
    });
  }

  /** Cuts every open connection (TCP reset both ways: the client sees 1006, like an idle cut). */
  cutAll(): number {
    const n = this.pairs.size;
    for (const p of [...this.pairs]) {
      p.client.resetAndDestroy();
      p.server.destroy();
    }
    this.pairs.clear();
    this.cuts += n;
    return n;
  }

  /** While on, new connections are closed at once (the server looks unreachable). */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  /** While on, bytes from the server are dropped (replies are lost; cut afterwards). */
  blockDownstream(on: boolean): void {
    this.downstreamBlocked = on;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
