/**
 * A round-robin TCP balancer on loopback: each new connection goes to the next
 * backend, bytes pass through untouched. With the servers' keep-alive timeout
 * short, nearly every request opens a connection of its own, so consecutive
 * requests of one check land on different processes.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** Connections handed to each backend, in order. */
  connections: number[];
  close(): Promise<void>;
}

export async function startBalancer(backends: readonly string[], path = ''): Promise<Balancer> {
  const targets = backends.map((backend) => new URL(backend));
  const connections = targets.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer((client) => {
    const i = next++ % targets.length;
    connections[i]! += 1;
    const upstream = connect(Number(targets[i]!.port), targets[i]!.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    // What the backend sent before it went away has been passed on; then the client's side ends too.
    upstream.on('error', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
