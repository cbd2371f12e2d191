import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP proxy in the test process, so a test can cut a service off (or stall it) without stopping the shared one. */
export class TcpProxy {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  /** Client and upstream socket of each open connection. */
  private readonly pairs = new Set<[Socket, Socket]>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      for (const socket of pair) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      if (this.stalled) for (const socket of pair) socket.pause();
      else flow(pair);
      client.on('close', () => {
        upstream.destroy();
        this.pairs.delete(pair);
      });
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Accepts connections again on the same port. */
  async restore(): Promise<void> {
    if (!this.server.listening) await this.start(this.port);
  }

  /**
   * Stops forwarding in both directions without closing anything, as a hung network or server does: connections stay
   * open (new ones are accepted too) and bytes wait until `unstall`.
   */
  stall(): void {
    this.stalled = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Forwards again, the bytes that waited first. */
  unstall(): void {
    if (!this.stalled) return;
    this.stalled = false;
    for (const pair of this.pairs) flow(pair);
  }

  async stop(): Promise<void> {
    if (this.server.listening) await this.cut();
  }
}

function flow([client, upstream]: [Socket, Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}
