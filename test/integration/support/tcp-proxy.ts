/**
 * A TCP proxy between worker processes and the engine, for tests in which the
 * engine "goes away" without the shared test engine being touched:
 *
 * - up: every connection is passed through to the engine, byte for byte;
 * - down: the listening socket is closed, so new connections are refused
 *   (ECONNREFUSED, as for a stopped engine), and every open connection is reset
 *   on both sides (the worker sees ECONNRESET mid-request, the engine a closed
 *   connection), as when the engine's host or the network between drops.
 *
 * It listens on one port for its whole life, so the workers' ENGINE_REST_URL
 * never changes; `up()` listens on that port again.
 */
import net, { type AddressInfo, type Socket } from 'node:net';

export class TcpProxy {
  readonly port: number;
  readonly #target: { readonly host: string; readonly port: number };
  readonly #open = new Set<Socket>();
  #server: net.Server | undefined;
  /** Connections passed to the engine since the start. */
  accepted = 0;
  /** Open connections reset by down(), counted on the workers' side. */
  reset = 0;

  private constructor(port: number, target: { readonly host: string; readonly port: number }) {
    this.port = port;
    this.#target = target;
  }

  /** A proxy to `target`, on `port` or a free loopback port; down (refusing) until {@link up} when `up` is false. */
  static async start(target: { readonly host: string; readonly port: number }, options: { readonly up?: boolean; readonly port?: number } = {}): Promise<TcpProxy> {
    let port = options.port;
    if (port === undefined) {
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
      ({ port } = probe.address() as AddressInfo);
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
    const proxy = new TcpProxy(port, target);
    if (options.up !== false) await proxy.up();
    return proxy;
  }

  get isUp(): boolean {
    return this.#server !== undefined;
  }

  /** Open connections now (worker side). */
  get connections(): number {
    return [...this.#open].filter((socket) => (socket as Socket & { readonly proxySide?: string }).proxySide === 'client').length;
  }

  /** Base URL of the engine's REST API through the proxy. */
  restUrl(): string {
    return `http://127.0.0.1:${this.port}/engine-rest`;
  }

  async up(): Promise<void> {
    if (this.#server) return;
    const server = net.createServer((client) => this.#pass(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
  }

  /** Refuses new connections and resets every open one; resolves once the port is closed. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of [...this.#open]) {
      if ((socket as Socket & { readonly proxySide?: string }).proxySide === 'client') this.reset += 1;
      // A connection to the engine still being opened has no TCP handle to reset yet.
      if (socket.connecting) socket.destroy();
      else socket.resetAndDestroy();
    }
    this.#open.clear();
    await closed;
  }

  async close(): Promise<void> {
    await this.down();
  }

  #pass(client: Socket): void {
    this.accepted += 1;
    const upstream = net.connect(this.#target.port, this.#target.host);
    Object.assign(client, { proxySide: 'client' });
    Object.assign(upstream, { proxySide: 'engine' });
    this.#open.add(client);
    this.#open.add(upstream);
    const forget = (socket: Socket) => () => {
      this.#open.delete(socket);
    };
    client.once('close', forget(client));
    upstream.once('close', forget(upstream));
    // Either side failing ends both, as a broken path does.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
