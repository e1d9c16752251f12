// Server text is untrusted. Whatever an endpoint puts in an error message, a model id, a currency,
// an HTML title or a Location header must stay inert: no workflow command in the log, no HTML,
// link, image or @mention in the job summary, and a bounded length everywhere.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type SimAccount, type SimulatorOptions } from '../src/simulator/server.js';
import { parseCommands, runAction, type ActionRun, type Inputs, type RunOptions } from './helpers/run-action.js';
import { runCli, type CliRun } from './helpers/run-cli.js';

const KEY = 'sk-4b1d9c0e7a2f4e3d8c6b5a4f3e2d1c0b';

/** A line break (of some kind) followed by a workflow command. "pwned" marks attacker text. */
const ATTACKS: Record<string, string> = {
  'newline ::error::': '\n::error::pwned-error',
  'CRLF ::error with a title::': '\r\n::error title=pwned-title,file=pwned.yml::pwned-error',
  'newline ::set-output::': '\n::set-output name=status::ok-pwned',
  'newline ::add-mask::': '\n::add-mask::DeepSeek pwned',
  'newline ::stop-commands::': '\n::stop-commands::pwnedtoken',
  'bare CR ::warning::': '\r::warning::pwned-warning',
  'U+2028 ::notice::': '\u2028::notice::pwned-notice',
  'NEL ::error::': '\u0085::error::pwned-nel',
  'indented ::error::': '\n    ::error::pwned-indented',
  'legacy ##[error]': '\n##[error]pwned-legacy',
  'pre-escaped %0A::error::': '%0A::error::pwned-escaped',
  'newline ::group:: / ::endgroup::': '\n::group::pwned\n::endgroup::',
};

/** Titles of annotations are ours; any of these words in a command name or property is the attacker's. */
const OUR_COMMANDS = new Set(['add-mask', 'error', 'warning', 'notice']);

async function withSim(options: SimulatorOptions, inputs: Inputs, runOptions: RunOptions = {}): Promise<ActionRun> {
  const sim = await startSimulator(options);
  try {
    // The assertions below say what was wrong; the helper's own throw would stop them.
    return await runAction({ 'api-key': KEY, 'base-url': sim.url, retries: '0', 'timeout-seconds': '5', ...inputs }, { allowUnexpectedCommands: true, ...runOptions });
  } finally {
    await sim.close();
  }
}

/** A server that answers every request with these raw bytes (headers the simulator cannot send). */
async function withRawServer(response: Buffer, inputs: Inputs): Promise<ActionRun> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('data', () => socket.end(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await runAction({ 'api-key': KEY, 'base-url': `http://127.0.0.1:${port}`, retries: '0', 'timeout-seconds': '5', ...inputs }, { allowUnexpectedCommands: true });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function account(extra: SimAccount): Record<string, SimAccount> {
  return { [KEY]: extra };
}

/** Every way the runner could read a command from this run is one of ours, with our names. */
function expectNoInjectedCommand(run: ActionRun): void {
  // The runner's two parsers (modelled in helpers/run-action.ts) find nothing but our own commands.
  expect(run.unexpected).toEqual([]);
  // And, stricter: no `##[` survives anywhere, in any case, and no line but ours starts with `::`.
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/#[\p{Cf}\p{Default_Ignorable_Code_Point}]*#\[/u);
  const commands = parseCommands(run.stdout);
  for (const c of commands) {
    expect(OUR_COMMANDS).toContain(c.command);
    if (c.command === 'add-mask') expect(c.message).toBe(KEY);
    for (const [name, value] of Object.entries(c.properties)) {
      expect(['title', 'file', 'line', 'col', 'endLine', 'endColumn']).toContain(name);
      expect(value).not.toMatch(/pwned/i);
    }
  }
  // Commands only ever begin a line, at its first column; nothing else may look like one, even
  // indented, and no legacy `##[…]` command either.
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/);
  for (const line of lines) {
    if (/^[\s\u0085\p{Cf}]*:\p{Cf}*:/u.test(line)) expect(/^::([a-z-]+)( [^:]*)?::/.exec(line)?.[1]).toMatch(/^(add-mask|error|warning)$/);
  }
  expect(run.stderr).not.toMatch(/::[a-z-]+::/);
  // Only the key is masked: an attacker-chosen mask would blank words across the whole log.
  expect(commands.filter((c) => c.command === 'add-mask').map((c) => c.message)).toEqual([KEY]);
  expect(commands.some((c) => c.command === 'stop-commands' || c.command === 'set-output')).toBe(false);
  // Each annotation is one line; no output value carries a line break from the server.
  for (const c of commands) expect(c.message).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
  expect(run.outputs.message ?? '').not.toMatch(/[\r\n\u2028\u2029\u0085]/);
  expect(run.outputs.status ?? '').not.toMatch(/pwned/);
  // Output values are inert too: a later step that echoes one prints no workflow command.
  for (const [name, value] of Object.entries(run.outputs)) expect([name, value]).toEqual([name, expect.not.stringMatching(/##\[|^[\s\u0085]*::/m)]);
}

describe('output values a later step echoes', () => {
  it('model ids "::error::x" and "##[error]pwned" are listed in `models`, inert', async () => {
    const run = await withSim({ accounts: account({ models: ['::error::x', '##[error]pwned', 'deepseek-chat'] }) }, {});
    expect(run.outputs.status).toBe('ok');
    expect(run.outputs.models).toContain('pwned');
    expect(run.outputs.models).not.toMatch(/##\[|^\s*::/);
    expect(run.outputs.models?.startsWith(': :error::x')).toBe(true);
  });
});

/** Where server text goes, and the status that proves the text was read and shown. */
const PLACES: Record<string, { run: (attack: string) => Promise<ActionRun>; status: string; shows: (run: ActionRun) => string }> = {
  'a 401 error message': {
    run: (attack) => withSim({ always: { kind: 'hostile_message', message: `Authentication Fails${attack} tail` } }, {}),
    status: 'invalid_key',
    shows: (run) => run.outputs.message ?? '',
  },
  'a 503 error message': {
    run: (attack) => withSim({ always: { kind: 'hostile_message', status: 503, message: `Overloaded${attack}` } }, {}),
    status: 'server_error',
    shows: (run) => run.summary,
  },
  'a 404 detail': {
    run: (attack) => withSim({ always: { kind: 'status', status: 404, body: JSON.stringify({ detail: `Not Found${attack}` }) } }, {}),
    status: 'wrong_endpoint',
    shows: (run) => run.summary,
  },
  'model ids': {
    run: (attack) => withSim({ accounts: account({ models: [`deepseek-chat${attack}`, `x${attack}`] }) }, { models: 'deepseek-chat' }),
    status: 'model_unavailable',
    shows: (run) => run.summary,
  },
  currencies: {
    run: (attack) => withSim({ accounts: account({ balances: [{ currency: attack, total: '1.00' }] }) }, { 'min-balance': '5' }),
    status: 'low_balance',
    // A currency is cut to 12 characters: what shows is the start of the command.
    shows: (run) => (/compared with each currency the account has: `1\.00 [^`]*(::|#|%0A)/.test(run.summary) ? 'pwned' : run.summary),
  },
  'an HTML title': {
    run: (attack) => withSim({ always: { kind: 'html', title: `Sign in${attack}` } }, {}),
    status: 'wrong_endpoint',
    shows: (run) => run.summary,
  },
  'a Location header': {
    // A header cannot hold a bare line break; obs-fold and Unicode separators are what gets through.
    run: (attack) => {
      const folded = attack.replace(/\r\n|\r|\n/g, '\r\n ');
      const head = `HTTP/1.1 302 Found\r\nLocation: https://evil.example/next${folded}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
      return withRawServer(Buffer.from(head, 'utf8'), {});
    },
    status: 'wrong_endpoint',
    shows: (run) => run.summary,
  },
};

describe('server text never starts a workflow command', () => {
  const cases = Object.entries(PLACES).flatMap(([place, spec]) => Object.entries(ATTACKS).map(([attack, text]) => [place, attack, spec, text] as const));
  it.concurrent.each(cases)('in %s: %s', async (_place, _attack, spec, attack) => {
    const run = await spec.run(attack);
    expect(run.outputs.status).toBe(spec.status);
    // The attacker text did reach the reader (as inert text), so the test exercised the path.
    expect(spec.shows(run)).toMatch(/pwned/);
    expectNoInjectedCommand(run);
  });
});

const HOSTILE_MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example/phish">click</a>',
  '<script>alert(1)</script>',
  '<details open><summary>x</summary>',
  '<!-- hidden -->',
  '[click here](https://evil.example/phish)',
  '![pixel](https://evil.example/p.png)',
  '[ref]: https://evil.example/ref',
  'see https://evil.example/auto and www.evil.example',
  '@octocat and @acme/security-team',
  '| broken | table |',
  '**bold** _em_ `code` ~~strike~~',
  '&lt;img src=x&gt; &#60;b&#62;',
].join(' ');

/** Markdown link targets we write ourselves. */
const OUR_LINKS = /^(https:\/\/(platform\.deepseek\.com|status\.deepseek\.com|api-docs\.deepseek\.com|docs\.github\.com|nodejs\.org)(\/|$)|https:\/\/github\.com\/acme\/shop\/settings\/)/;

/**
 * A code span is literal on GitHub (CommonMark: no HTML, links, autolinks or mentions inside), so
 * server text may stand there as it is. The checks below read everything else: code spans are cut
 * out by CommonMark's rule (a backtick run closed by a run of the same length), never starting at
 * an escaped backtick, which can only cut less than GitHub does and so keeps the checks strict.
 */
const CODE_SPAN = /(?<![`\\])(`+)(?!`)[^\n]+?(?<!`)\1(?!`)/g;

function expectInertSummary(summary: string, shown?: RegExp): void {
  const spansInRows = summary
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((row) => [...row.matchAll(CODE_SPAN)].map((m) => m[0]));
  if (shown) expect(summary).toMatch(shown);
  summary = summary.replace(CODE_SPAN, '`code`');
  // In a table row, a bare `|` inside a code span would still end the cell: each is escaped.
  for (const span of spansInRows) expect(span.replace(/\\\|/g, '')).not.toMatch(/\|/);
  const tags = [...summary.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => (m[1] ?? '').toLowerCase());
  expect(new Set(tags)).toEqual(new Set(tags.filter((t) => t === 'code' || t === 'sub')));
  expect(summary).not.toContain('<!--');
  for (const [, target] of summary.matchAll(/\]\(([^)\s]*)\)/g)) expect(target).toMatch(OUR_LINKS);
  expect(summary).not.toMatch(/!\[/);
  expect(summary).not.toMatch(/^\s*\[[^\]]*\]:/m);
  // No autolinks: every scheme separator and www. from the server is broken by a zero-width space.
  expect(summary).not.toMatch(/evil\.example/);
  expect(summary).not.toMatch(/https?:\/\/(?!(platform\.deepseek\.com|status\.deepseek\.com|api-docs\.deepseek\.com|docs\.github\.com|nodejs\.org|github\.com\/acme\/shop\/settings)([/)\s])|`)/);
  expect(summary).not.toMatch(/www\.evil/i);
  // No @mention that notifies: every @ is followed by a zero-width space.
  expect(summary).not.toMatch(/@(?!\u200b)/);
}

describe('the summary shows server text as text', () => {
  it.concurrent.each([
    ['a 401 error message', { always: { kind: 'hostile_message', message: HOSTILE_MARKUP.slice(0, 190) } }, {}, 'invalid_key', /`[^`\n]*<img src=x onerror=alert\(1\)>/],
    ['the rest of the markup in a 401', { always: { kind: 'hostile_message', message: HOSTILE_MARKUP.slice(190) } }, {}, 'invalid_key', /`[^`\n]*!\[pixel\]/],
    // With one DeepSeek id listed: a list of none is another provider's, which only warns (docs/gateways.md).
    ['model ids', { accounts: account({ models: [...HOSTILE_MARKUP.split(' | ').map((m) => `m ${m}`), 'deepseek-v4-pro'] }) }, { models: 'deepseek-chat' }, 'model_unavailable', /`[^`\n]*<script>/],
    [
      'a currency',
      {
        accounts: account({
          balances: [
            { currency: '<img src=x>', total: '1.00' },
            { currency: '[x](y)@a', total: '2.00' },
          ],
        }),
      },
      { 'min-balance': '5' },
      'low_balance',
      /`1\.00 <img src=x>`/,
    ],
    ['an HTML title', { always: { kind: 'html', title: '[x](https://evil.example) @octocat **hi** &lt;b&gt; www.evil.example' } }, {}, 'wrong_endpoint', /`[^`\n]*\[x\]\(https:\/\/evil\.example\)/],
    ['a redirect Location', { always: { kind: 'redirect', location: 'https://evil.example/@octocat/[x](https://evil.example)' } }, {}, 'wrong_endpoint', /`[^`\n]*@octocat/],
  ] as Array<[string, SimulatorOptions, Inputs, string, RegExp]>)('in %s', async (_name, sim, inputs, status, shown) => {
    const run = await withSim(sim, inputs);
    expect(run.outputs.status).toBe(status);
    expectInertSummary(run.summary, shown);
    expectNoInjectedCommand(run);
  });

  it('stays a sane length when the server sends 200 KiB of hostile text', async () => {
    const id = `<img src=x>${'&'.repeat(60)}@a${"'".repeat(60)}`;
    const models = Array.from({ length: 1000 }, (_, i) => `${i}${id}`);
    const message = `${'<script>'.repeat(20_000)}`;
    const run = await withSim(
      {
        accounts: account({ models, balances: Array.from({ length: 300 }, () => ({ currency: '<&>'.repeat(20), total: `${'9'.repeat(30)}.<>` })) }),
        script: { balance: [{ kind: 'hostile_message', status: 403, message }] },
      },
      { models: 'deepseek-chat,deepseek-reasoner', 'min-balance': '1' },
    );
    expect(run.outputs.status).toBe('forbidden');
    expectInertSummary(run.summary);
    expect(run.summary.length).toBeLessThan(32 * 1024);
    // Each piece of server text is cut before escaping: no run of more than 300 of its characters.
    expect(run.summary).not.toMatch(/(&lt;script&gt;){80}/);
    for (const a of run.annotations) expect(a.message.length).toBeLessThanOrEqual(2000);
    expect((run.outputs.message ?? '').length).toBeLessThanOrEqual(500);
  });
});

// Inside a line, where no line break is needed: the legacy `##[…]` grammar, which the runner finds
// anywhere in a line, in any case, and `::` after leading white space (which an untrusted value
// at the start of a line of ours, or of a line the server splits, would give).
const INLINE: Record<string, string> = {
  '##[error]': ' ##[error]pwned-legacy',
  '##[add-mask]': ' ##[add-mask]pwned',
  '##[stop-commands]': ' ##[stop-commands]pwnedtoken',
  '##[set-env name=X;]': ' ##[set-env name=PWNED;]pwned-env',
  '##[Error] (mixed case)': ' ##[Error]pwned-case',
  '::error:: in a line': ' ::error::pwned-v2',
  'indented ::stop-commands::': '\n  ::stop-commands::pwnedtoken',
  '::ERROR:: (upper case)': '\n::ERROR::pwned-upper',
  '#\u200b#[error] (zero-width space)': ' #\u200b#[error]pwned-zw',
};
/** All of them in one text, as an attacker would send them. */
const ALL_INLINE = Object.values(INLINE).join('');
/** A currency is cut to 12 characters: payloads that fit. */
const SHORT: Record<string, string> = {
  '##[error]': '##[error]pwn',
  '##[Error]': '##[Error]pwn',
  '##[add-mask]': '##[add-mask]',
  '##[set-env]': '##[set-env]p',
  '::error::': '::error::pwn',
  '#\u200b#[error]': '#\u200b#[error]pw',
};

function workspaceWith(source: string): Record<string, string> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'inject-ws-'));
  mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(workspace, '.github/workflows/##[warning]wf.yml'), source);
  return { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/##[warning]wf.yml@refs/heads/main' };
}

/** Every untrusted place, and whether the attacker text reached a reader (log, summary or outputs). */
const EVERY_PLACE: Record<string, { run: (attack: string) => Promise<ActionRun>; status?: string }> = {
  'a 401 message': { run: (a) => withSim({ always: { kind: 'hostile_message', message: `Authentication Fails${a}` } }, {}), status: 'invalid_key' },
  'a 403 message': { run: (a) => withSim({ always: { kind: 'hostile_message', status: 403, message: `Forbidden${a}` } }, {}), status: 'forbidden' },
  'a 404 detail': { run: (a) => withSim({ always: { kind: 'status', status: 404, body: JSON.stringify({ detail: `Not Found${a}` }) } }, {}), status: 'wrong_endpoint' },
  'a 503 message': { run: (a) => withSim({ always: { kind: 'hostile_message', status: 503, message: `Overloaded${a}` } }, {}), status: 'server_error' },
  'model ids listed in the log (passing)': { run: (a) => withSim({ accounts: account({ models: [`deepseek-chat${a}`, 'deepseek-reasoner'] }) }, {}), status: 'ok' },
  'model ids (missing model)': { run: (a) => withSim({ accounts: account({ models: [`deepseek-chat${a}`] }) }, { models: 'deepseek-v9' }), status: 'model_unavailable' },
  'an HTML title': { run: (a) => withSim({ always: { kind: 'html', title: `Sign in${a}` } }, {}), status: 'wrong_endpoint' },
  'a Location header': {
    run: (a) => withSim({ always: { kind: 'redirect', location: `https://evil.example/next?${encodeURI(a).replace(/%5B/g, '[').replace(/%5D/g, ']')}` } }, {}),
    status: 'wrong_endpoint',
  },
  'a Retry-After header': {
    run: (a) => withSim({ always: { kind: 'status', status: 429, body: '{}', headers: { 'retry-after': `5${a.replace(/[^\x20-\x7e]/g, ' ')}` } } }, {}),
    status: 'rate_limited',
  },
  'an invalid models input, echoed back': { run: (a) => withSim({}, { models: `deepseek-chat,${a}` }) },
  'an invalid timeout-seconds input, echoed back': { run: (a) => withSim({}, { 'timeout-seconds': `5${a}` }) },
  'an invalid base-url, echoed back': { run: (a) => withSim({}, { 'base-url': `ftp://x${a}` }), status: '*' },
  'a proxy variable': { run: (a) => withSim({}, { 'base-url': 'https://api.deepseek.com' }, { env: { HTTPS_PROXY: `http://proxy${a.replace(/[\r\n]/g, ' ')}:3128` } }), status: '*' },
  'the workflow file and its path': {
    run: (a) =>
      withSim(
        { accounts: account({}) },
        { models: 'deepseek-v9' },
        {
          env: {
            ...workspaceWith(
              [
                'name: ' + a,
                'jobs:',
                '  check:',
                '    steps:',
                // A step id is a plain name (GITHUB_ACTION names the step by it); the attack sits in its comment.
                `      - id: pwned # ${a.replace(/[\r\n]/g, ' ')}`,
                '        uses: acme/deepseek-preflight@v1',
                '        with:',
                `          api-key: \${{ secrets.KEY }} #${a}`,
                '',
              ].join('\n'),
            ),
            GITHUB_ACTION: 'pwned',
          },
        },
      ),
    status: 'model_unavailable',
  },
};

describe('no text makes a command anywhere in a line, in either grammar', () => {
  it('the workflow file is read and its path placed on the annotation (so the path is tested too)', async () => {
    const run = await EVERY_PLACE['the workflow file and its path']!.run(ALL_INLINE);
    expect(run.annotations.some((a) => a.properties.file?.includes('wf.yml') === true)).toBe(true);
    expectNoInjectedCommand(run);
  });

  it.concurrent.each(Object.keys(EVERY_PLACE))('all inline payloads at once in %s', async (place) => {
    const spec = EVERY_PLACE[place]!;
    const run = await spec.run(ALL_INLINE);
    if (spec.status === '*') expect(run.annotations.length).toBeGreaterThan(0);
    else if (spec.status) expect(run.outputs.status).toBe(spec.status);
    else expect(run.annotations.some((a) => a.properties.title?.startsWith('Invalid input: '))).toBe(true);
    expectNoInjectedCommand(run);
    // Our own error is never swallowed: a failing run still has its titled annotation.
    if (run.exitCode === 1) expect(run.annotations.filter((a) => a.command === 'error').length).toBeGreaterThan(0);
  });

  const onePerPayload = ['a 401 message', 'model ids listed in the log (passing)'].flatMap((place) => Object.entries(INLINE).map(([name, payload]) => [place, name, payload] as const));
  it.concurrent.each(onePerPayload)('in %s: %s', async (place, _name, payload) => {
    const run = await EVERY_PLACE[place]!.run(payload);
    expect(`${run.stdout}${run.summary}`).toMatch(/pwned/);
    expectNoInjectedCommand(run);
  });

  it.concurrent.each(Object.entries(SHORT))('in a currency shown in the log: %s', async (_name, currency) => {
    const run = await withSim({ accounts: account({ balances: [{ currency, total: '1.00' }] }) }, { 'min-balance': '5' });
    expect(run.outputs.status).toBe('low_balance');
    expect(run.stdout).toMatch(/Balance\s+fail\s+Balance below min-balance \(5\); the account has 1\.00 \S/);
    expectNoInjectedCommand(run);
  });
});

describe('the CLI in a workflow run: step prints no command', () => {
  async function cli(args: string[], sim?: SimulatorOptions): Promise<CliRun> {
    const server = sim ? await startSimulator(sim) : undefined;
    try {
      return await runCli([...(server ? ['--base-url', server.url] : []), '--retries', '0', ...args], { env: { DEEPSEEK_API_KEY: KEY }, allowCommands: true });
    } finally {
      await server?.close();
    }
  }

  function expectNoCommandIn(run: CliRun): void {
    expect([...parseCommands(run.stdout), ...parseCommands(run.stderr, 'stderr')]).toEqual([]);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/#[\p{Cf}\p{Default_Ignorable_Code_Point}]*#\[/u);
  }

  it.concurrent.each([
    ['text, a 401 message', [], { always: { kind: 'hostile_message', message: `Authentication Fails${ALL_INLINE}` } }],
    ['text, model ids', [], { accounts: account({ models: [`deepseek-chat${ALL_INLINE}`] }) }],
    ['text, a currency', ['--min-balance', '5'], { accounts: account({ balances: [{ currency: '##[error]pwn', total: '1.00' }] }) }],
    [
      'JSON, model ids and a 404 detail',
      ['--json'],
      { accounts: account({ models: [`deepseek-chat${ALL_INLINE}`] }), script: { balance: [{ kind: 'status', status: 404, body: JSON.stringify({ detail: `x${ALL_INLINE}` }) }] } },
    ],
  ] as Array<[string, string[], SimulatorOptions]>)('%s', async (_name, args, sim) => {
    const run = await cli(args, sim);
    expect(`${run.stdout}${run.stderr}`).toMatch(/pwn/);
    expectNoCommandIn(run);
  });

  it('JSON keeps the exact values for scripts', async () => {
    const id = 'deepseek-chat ##[error]pwned #\u200b#[Error]x ::error::y';
    const run = await cli(['--json'], { accounts: account({ models: [id] }) });
    expectNoCommandIn(run);
    expect((JSON.parse(run.stdout) as { models: string[] }).models).toContain(id);
  });

  it.concurrent.each([
    ['an invalid --models value', ['--models', `deepseek-chat,${ALL_INLINE}`], /pwned/],
    ['an invalid --timeout-seconds value', ['--timeout-seconds', ALL_INLINE], /pwned/],
    // An option name that does not read as one is not shown at all (it could hold the key).
    ['an unknown flag', [`--##[error]pwned`], /unknown option \(not shown/],
  ])('stderr: %s', async (_name, args, shown) => {
    const run = await cli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(shown);
    expectNoCommandIn(run);
  });
});
