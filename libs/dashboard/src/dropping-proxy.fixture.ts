// A TCP proxy between the browser and the API that can cut the connections of one route, as
// a network drop would (the server sees its client leave; the browser sees the stream break),
// and notes each request's head, so a test can read the headers the browser sent.
import net from 'node:net';

export interface DroppingProxy {
  url: string;
  /** Each request's head (request line and headers), in the order they arrived. */
  requests: string[];
  /** Destroys the connections whose latest request was for `path`; answers how many. */
  drop(path: string): number;
  close(): Promise<void>;
}

/** The value of header `name` in a request head, or null. */
export function headerOf(head: string, name: string): string | null {
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

export async function droppingProxy(target: string): Promise<DroppingProxy> {
  const { hostname, port } = new URL(target);
  const latestPath = new Map<net.Socket, string>();
  const requests: string[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    const forget = () => {
      client.destroy();
      upstream.destroy();
      latestPath.delete(client);
    };
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      const line = /^(GET|POST|DELETE|PUT|HEAD) (\S+) HTTP/.exec(text);
      if (!line) return;
      requests.push(text.split('\r\n\r\n')[0]!);
      latestPath.set(client, line[2]!.split('?')[0]!);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('close', forget);
      socket.on('error', forget);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    drop(path) {
      const cut = [...latestPath].filter(([, p]) => p === path).map(([socket]) => socket);
      for (const socket of cut) socket.destroy();
      return cut.length;
    },
    close() {
      for (const socket of latestPath.keys()) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
