// A real forward proxy on loopback, as self-hosted runners sit behind: it opens CONNECT tunnels
// (only to loopback: the tests never leave the machine), counts them, and can refuse them the way a
// proxy that wants credentials does (407). Plain absolute-URI requests are recorded and refused.
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxyOptions {
  /** Answer every CONNECT with this status (407: Proxy Authentication Required) instead of tunnelling. */
  readonly refuseWith?: number | undefined;
  /**
   * Public `host:port` targets tunnelled to a loopback port instead of being refused, e.g.
   * `{ 'api.deepseek.com:443': sim.port }`: a test can stand in for DeepSeek's host without DNS or
   * the internet (with a certificate for that name, trusted through NODE_EXTRA_CA_CERTS).
   */
  readonly routes?: Readonly<Record<string, number>>;
}

export interface ForwardProxy {
  readonly url: string;
  readonly port: number;
  /** The `host:port` of every CONNECT received, tunnelled or not. */
  readonly connects: string[];
  /** Headers of every CONNECT received (a proxy sees these; it must never see the API key). */
  readonly connectHeaders: http.IncomingHttpHeaders[];
  /** Absolute-URI requests (plain HTTP proxying), which this proxy refuses. */
  readonly plainRequests: string[];
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const connects: string[] = [];
  const connectHeaders: http.IncomingHttpHeaders[] = [];
  const plainRequests: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = http.createServer((req, res) => {
    plainRequests.push(req.url ?? '');
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('this proxy only tunnels');
  });
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    connectHeaders.push(req.headers);
    track(client);
    if (options.refuseWith !== undefined) {
      const reason = options.refuseWith === 407 ? 'Proxy Authentication Required' : 'Refused';
      client.end(`HTTP/1.1 ${options.refuseWith} ${reason}\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const routed = options.routes?.[target];
    const match = routed !== undefined ? ['', '127.0.0.1', String(routed)] : /^(.+):(\d+)$/.exec(target);
    const host = match?.[1] ?? '';
    const port = Number(match?.[2]);
    if (!match || !isLoopback(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    connectHeaders,
    plainRequests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
