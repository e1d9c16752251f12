// api.deepseek.com, on this machine: the built-in simulator served over TLS with a certificate for
// api.deepseek.com made now with openssl (trusted through NODE_EXTRA_CA_CERTS), behind a loopback
// CONNECT proxy (HTTPS_PROXY) that tunnels every CONNECT to the simulator. The bundle is run with
// base-url https://api.deepseek.com and says what a user of DeepSeek itself reads, while nothing
// leaves the machine: the proxy records every CONNECT and `assertOnlyApiHost` fails on any other.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const API_HOST = 'api.deepseek.com';

/** A self-signed certificate for api.deepseek.com, valid for a day, in a fresh temporary directory. */
export function makeCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-examples-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${API_HOST}`,
      '-addext',
      `subjectAltName=DNS:${API_HOST}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, cert: readFileSync(certFile), key: readFileSync(keyFile), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CONNECT proxy on loopback whose every tunnel ends at 127.0.0.1:`port`, whatever was asked. */
export async function startTunnelProxy(port) {
  const connects = [];
  const plainRequests = [];
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = http.createServer((req, res) => {
    plainRequests.push(req.url ?? '');
    res.writeHead(405).end();
  });
  server.on('connection', track);
  server.on('connect', (req, client, head) => {
    connects.push(req.url ?? '');
    track(client);
    if (req.url !== `${API_HOST}:443`) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
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
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connects,
    /** Throws unless every connection the proxy saw asked for api.deepseek.com:443. */
    assertOnlyApiHost() {
      const elsewhere = [...connects.filter((c) => c !== `${API_HOST}:443`), ...plainRequests];
      if (elsewhere.length > 0) throw new Error(`the run tried to reach something other than ${API_HOST}:443: ${elsewhere.join(', ')}`);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
