// Host name lookups, counted. A lookup is not tied to a request's signal: a request that ends at
// its deadline may leave one pending. http-get.ts settles every request when its signal aborts; the
// counts here say whether a run abandoned a lookup (reported as a DNS timeout), so that the edge can
// end the process once its verdict is written. The default lookup (bounded-resolve.ts) never starts a
// getaddrinfo that could hold the process past the deadline: getaddrinfo cannot be cancelled, and
// process.exit() waits for it.
import dns from 'node:dns';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
/** The shape of `dns.lookup` that `net.connect({ lookup })` calls. */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

let inFlight = 0;

/** Lookups started by this process's HTTP clients that have not answered yet. */
export function lookupsInFlight(): number {
  return inFlight;
}

export interface TrackedLookup {
  readonly lookup: LookupFunction;
  /** Whether a lookup of this client is still waiting for an answer. */
  readonly waiting: () => boolean;
}

/** `dns.lookup`, read at call time (not at import) so that it is the one the process has. */
const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback as never);

export function trackedLookup(resolve: LookupFunction = systemLookup): TrackedLookup {
  let mine = 0;
  const lookup: LookupFunction = (hostname, options, callback) => {
    inFlight++;
    mine++;
    let answered = false;
    resolve(hostname, options, (error, address, family) => {
      if (answered) return;
      answered = true;
      inFlight--;
      mine--;
      callback(error, address, family);
    });
  };
  return { lookup, waiting: () => mine > 0 };
}

/**
 * For the edges, after everything is written: a lookup abandoned at the deadline would keep the
 * process alive until the resolver gives up; nothing else is left to do, so end it now (with
 * `process.exitCode`), once stdout and stderr are flushed. Does nothing when no lookup is pending,
 * so the usual run ends by itself as it always did.
 */
export function endDespiteAbandonedLookups(): void {
  if (inFlight === 0) return;
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}
