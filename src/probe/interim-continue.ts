// Some servers and gateways answer `100 Continue` to every request, asked for or not, and then
// the real response. undici 6 treats a 100 it did not ask for as a broken connection (client-h1.js
// destroys the socket with "bad response"), which would make a working endpoint look unreachable.
// This drops `100 Continue` heads from the start of a connection before undici's parser reads
// them. Each connection carries exactly one request (http-get.ts sends `reset: true`), so the start
// of the byte stream is the start of the only response.
import type { Duplex } from 'node:stream';

/** A 100 head is a status line and a few header lines; more than this is not one. */
const MAX_INTERIM_BYTES = 8 * 1024;
const STARTS = ['HTTP/1.1 100 ', 'HTTP/1.1 100\r', 'HTTP/1.0 100 ', 'HTTP/1.0 100\r'];
const PREFIX_LENGTH = 13;

/** Whether these first bytes are, or could still become, the status line of a 100. */
function mayBe100(head: string): boolean {
  return STARTS.some((start) => (head.length < PREFIX_LENGTH ? start.startsWith(head) : head.startsWith(start)));
}

type Readable = Pick<Duplex, 'read'>;

/** Replaces `read` on this one socket (undici reads with `socket.read()` on 'readable'). */
export function skipInterimContinue<S extends Readable>(socket: S): S {
  const read = socket.read.bind(socket);
  let pending: Buffer | undefined = Buffer.alloc(0);
  socket.read = function (size?: number) {
    if (pending === undefined) return read(size) as unknown;
    for (;;) {
      const chunk = read() as Buffer | string | null;
      if (chunk === null) return null;
      pending = Buffer.concat([pending, typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk]);
      // Strip every complete 100 head at the start; stop filtering at the first other status.
      for (;;) {
        if (!mayBe100(pending.subarray(0, PREFIX_LENGTH).toString('latin1'))) {
          const rest: Buffer = pending;
          pending = undefined;
          return rest;
        }
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) {
          if (pending.length > MAX_INTERIM_BYTES) {
            const rest: Buffer = pending;
            pending = undefined;
            return rest; // undici's parser rejects it as it always did
          }
          break; // wait for the rest of the head
        }
        pending = pending.subarray(end + 4);
        if (pending.length === 0) break;
      }
    }
  } as S['read'];
  return socket;
}
