// A DNS server that never answers, for real: the bundled action runs in its own user, network and
// mount namespaces (`unshare -rnm`, no root needed), with /etc/resolv.conf bind-mounted to point at
// a loopback DNS server that drops every query (fixtures/silent-dns.mjs) and /etc/hosts replaced.
// getaddrinfo against such a server holds a process for the resolver's full timeout (about 10 s):
// process.exit() joins libuv's thread pool, so no code after the verdict can end the process
// sooner. The step must END (process exit) within timeout-seconds + 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST_DIR, DIST_ENTRY, REPO_ROOT, parseCommands, parseOutputFile } from './helpers/run-action.js';

const KEY = 'sk-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b';
const TIMEOUT_S = 2;
const DROPPER = path.join(REPO_ROOT, '__tests__/fixtures/silent-dns.mjs');

// Inside the namespaces: loopback up, the two files replaced, the silent DNS started; then the
// entry runs, timed from just before it starts to just after it exits (namespace set-up excluded).
// The inputs travel as `env` arguments: sh drops variables whose names have a dash (INPUT_API-KEY).
const INSIDE = `set -e
ip link set lo up
mount --bind "$DIR/resolv.conf" /etc/resolv.conf
mount --bind "$DIR/hosts" /etc/hosts
"$NODE" "$DROPPER" "$DIR/queries" > "$DIR/dropper.out" &
DNS_PID=$!
while ! grep -q ready "$DIR/dropper.out" 2>/dev/null; do sleep 0.02; done
set +e
START=$(date +%s%3N)
env "$@"
CODE=$?
END=$(date +%s%3N)
kill $DNS_PID
echo "$START $END" > "$DIR/times"
exit $CODE`;

/** Why these tests cannot run here, or undefined when they can. */
function unsupported(): string | undefined {
  if (process.platform !== 'linux') return `namespaces are Linux only (this is ${process.platform})`;
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-ns-probe-'));
  try {
    writeFileSync(path.join(dir, 'hosts'), '');
    const probe = spawnSync('unshare', ['-rnm', 'sh', '-c', 'ip link set lo up && mount --bind "$1" /etc/hosts', 'probe', path.join(dir, 'hosts')], { encoding: 'utf8' });
    if (probe.error) return `unshare could not be run (${probe.error.message})`;
    if (probe.status !== 0) return `unprivileged user namespaces are not permitted here (${probe.stderr.trim().slice(0, 200)})`;
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface NamespacedRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  /** From just before the entry started to just after it exited, inside the namespace. */
  readonly lifetimeMs: number;
  /** The names the silent DNS server was asked for. */
  readonly queries: string[];
}

async function runInNamespace(args: readonly string[], variables: Record<string, string>, hosts = '127.0.0.1 localhost\n::1 localhost\n'): Promise<NamespacedRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-dead-dns-'));
  try {
    writeFileSync(path.join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n');
    writeFileSync(path.join(dir, 'hosts'), hosts);
    writeFileSync(path.join(dir, 'queries'), '');
    writeFileSync(path.join(dir, 'output'), '');
    writeFileSync(path.join(dir, 'summary'), '');
    const assignments = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
    const child = spawn('unshare', ['-rnm', 'sh', '-c', INSIDE, 'inside', ...assignments, process.execPath, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        RUNNER_TEMP: dir,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: path.join(dir, 'output'),
        GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
        DIR: dir,
        NODE: process.execPath,
        DROPPER,
      },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    const [start = 0, end = 0] = readFileSync(path.join(dir, 'times'), 'utf8').trim().split(' ').map(Number);
    if (!start || !end) throw new Error(`no timing from the namespace: ${stderr.slice(0, 2000)}`);
    return {
      exitCode,
      stdout,
      outputs: parseOutputFile(readFileSync(path.join(dir, 'output'), 'utf8')),
      lifetimeMs: end - start,
      queries: readFileSync(path.join(dir, 'queries'), 'utf8').split('\n').filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const inputs = (baseUrl: string, retries = 3, timeoutSeconds = TIMEOUT_S): Record<string, string> => ({
  'INPUT_API-KEY': KEY,
  'INPUT_BASE-URL': baseUrl,
  'INPUT_TIMEOUT-SECONDS': String(timeoutSeconds),
  INPUT_RETRIES: String(retries),
});

/**
 * This machine's start-up as it is now, measured the same way as the runs below (inside the
 * namespace, no network work: an empty key, skipped): the slower of two, doubled, plus a second.
 * What "timeout-seconds + about a second" means on a loaded machine (a fixed second did not hold).
 */
let startup: Promise<number> | undefined;
function namespaceStartupAllowanceMs(): Promise<number> {
  startup ??= (async () => {
    let slowest = 0;
    for (let i = 0; i < 2; i++) {
      const run = await runInNamespace([DIST_ENTRY], { 'INPUT_API-KEY': '', 'INPUT_ON-MISSING-KEY': 'skip' });
      expect(run.outputs.status).toBe('skipped');
      slowest = Math.max(slowest, run.lifetimeMs);
    }
    return 1000 + 2 * slowest;
  })();
  return startup;
}

const reason = unsupported();
const describeInNamespace = reason === undefined ? describe : describe.skip;

describeInNamespace(`a DNS server that never answers (real resolver, in a namespace)${reason ? ` — skipped: ${reason}` : ''}`, () => {
  it('the action ends within timeout-seconds + 1 s of starting, with the DNS named as the cause', async () => {
    const run = await runInNamespace([DIST_ENTRY], inputs('https://gw.example.com'));
    // The DNS server was really asked: this is the case that held getaddrinfo for 10 s.
    expect(run.queries).toContain('gw.example.com');
    expect(run.outputs.status).toBe('unreachable');
    expect(run.outputs.message).toMatch(/DNS did not answer for "gw\.example\.com" within timeout-seconds \(2 s\)/);
    expect(parseCommands(run.stdout).some((c) => c.command === 'warning' && /DNS did not answer/.test(c.message))).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(run.lifetimeMs).toBeLessThan(TIMEOUT_S * 1000 + (await namespaceStartupAllowanceMs()));
  });

  it('the CLI ends the same way', async () => {
    const run = await runInNamespace([path.join(DIST_DIR, 'cli', 'index.js'), '--base-url', 'https://gw.example.com', '--timeout-seconds', String(TIMEOUT_S), '--retries', '3'], {
      DEEPSEEK_API_KEY: KEY,
    });
    expect(run.queries).toContain('gw.example.com');
    expect(run.stdout).toMatch(/DNS did not answer for "?gw\.example\.com"? within/);
    expect(run.lifetimeMs).toBeLessThan(TIMEOUT_S * 1000 + (await namespaceStartupAllowanceMs()));
  });

  it('a name in the hosts file needs no DNS: it is connected to at once', async () => {
    // Nothing listens on port 1 of loopback: "refused" shows the name was resolved, from the file.
    const run = await runInNamespace([DIST_ENTRY], inputs('https://gw.example.com:1', 0), '127.0.0.1 localhost\n# a comment\n127.0.0.1\tgw.example.com   gw # alias\n');
    expect(run.queries).toEqual([]);
    expect(run.outputs.status).toBe('unreachable');
    expect(run.outputs.message).not.toMatch(/DNS/);
    expect(run.outputs.message).toMatch(/refused/i);
    // Start-up only: no DNS wait (which would take timeout-seconds).
    expect(run.lifetimeMs).toBeLessThan(await namespaceStartupAllowanceMs());
  });

  it('an IP address and localhost need no lookup at all', async () => {
    for (const base of ['https://127.0.0.1:1', 'https://localhost:1']) {
      // A deadline a loaded machine cannot reach before the refusal: the answer, not the clock, ends it.
      const run = await runInNamespace([DIST_ENTRY], inputs(base, 0, 30), '');
      expect(run.queries).toEqual([]);
      expect(run.outputs.message).toMatch(/refused/i);
    }
  });
});
