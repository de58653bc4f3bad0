import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A Unix-socket proxy in front of the database, for faults a real network makes: it can stop passing what clients
 * send (as a database that stops reading does: their writes pile up in their buffers), on every connection or
 * only once a client sends a message over a given size; `cut` closes every connection at once, cleanly, as a
 * database that shuts down may; `thaw` passes everything again.
 */
export class SocketProxy {
  private readonly clients = new Set<Socket>();
  private frozen = false;
  private stallAbove = Infinity;

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {}

  /** Listens on `socketPath` (a path ending in .sock) and passes each connection on to `targetPath`. */
  static async start(socketPath: string, targetPath: string): Promise<SocketProxy> {
    const server = createServer();
    const proxy = new SocketProxy(server, socketPath);
    server.on('connection', (client) => proxy.pass(client, targetPath));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return proxy;
  }

  /** The MongoDB URI of the proxy. */
  get uri(): string {
    return `mongodb://${encodeURIComponent(this.socketPath)}/`;
  }

  private pass(client: Socket, targetPath: string): void {
    const upstream = createConnection(targetPath);
    this.clients.add(client);
    if (this.frozen) client.pause();
    // MongoDB wire messages each begin with their length (int32 LE): `skip` bytes of the current one are still to
    // come, and `header` holds the start of a header split between two chunks.
    let skip = 0;
    let header: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      const data = header.length > 0 ? Buffer.concat([header, chunk]) : chunk;
      let at = header.length > 0 ? 0 : skip;
      while (at + 4 <= data.length) {
        const length = data.readInt32LE(at);
        if (length > this.stallAbove) this.freeze();
        at += Math.max(length, 16);
      }
      [header, skip] = at < data.length ? [data.subarray(at), 0] : [Buffer.alloc(0), at - data.length];
    });
    upstream.pipe(client);
    const close = () => {
      this.clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on('close', close).on('error', close);
  }

  /** Stops reading from every client. */
  freeze(): void {
    this.frozen = true;
    for (const client of this.clients) client.pause();
  }

  /** Stops reading from every client once one of them sends a message larger than `bytes`. */
  stallOnMessagesOver(bytes: number): void {
    this.stallAbove = bytes;
  }

  /** Ends every connection at once, cleanly (a FIN, no reset), whatever its client still had to send. */
  cut(): void {
    for (const client of this.clients) client.end();
  }

  /** Passes what clients send again, on the connections that are left and on new ones. */
  thaw(): void {
    this.frozen = false;
    this.stallAbove = Infinity;
    for (const client of this.clients) client.resume();
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
