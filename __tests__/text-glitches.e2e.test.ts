// Every message the action and the CLI can produce, scanned for what makes a reader stop: doubled
// punctuation or spaces, a parenthesis or sentence said twice, "all 2 attempts", and escapes meant
// for a machine (`%0A`, `\.`, `&amp;`, zero-width spaces) that reach a person. Read as the user
// reads them: the summary as GitHub renders it, annotations after the runner's own unescaping,
// outputs as a later step gets them, log lines, and the CLI's human and --json output.
import { glitchesIn, type Glitch } from './helpers/glitches.js';
import { parseGfm, readableBlocks } from './helpers/gfm.js';
import { inBatches, runScenario, runScenarioCli, SCENARIOS, type Scenario } from './helpers/scenarios.js';
import type { ActionRun } from './helpers/run-action.js';
import type { CliRun } from './helpers/run-cli.js';

type Channel = 'summary' | 'annotations' | 'outputs' | 'log' | 'cli' | 'cli --json';
const CHANNELS: readonly Channel[] = ['summary', 'annotations', 'outputs', 'log', 'cli', 'cli --json'];

/**
 * What fails today, by `scenario / channel`, with the offending text: the wording pass flips these
 * to plain `test` (jest fails a `test.failing` that passes, so a fixed one cannot be forgotten).
 */
const KNOWN: Readonly<Record<string, true>> = {
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a working key / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a deprecated model (ok with a warning) / summary': true,
  // words pass: an invisible character: https:<U+200B>//api.deepseek.com
  'no key, on-missing-key: skip / summary': true,
  // words pass: an invisible character: https:<U+200B>//api.deepseek.com
  'no key / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a trailing newline in the secret / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | doubled space: he secret works once the Bearer  prefix is removed: DeepSeek acc | …
  '"Bearer " pasted in / summary': true,
  // words pass: doubled space: he secret works once the Bearer  prefix is removed: DeepSeek acc | doubled space: e key alone, without the Bearer  prefix: sk- followed by 32 char
  '"Bearer " pasted in / cli --json': true,
  // words pass: an invisible character: https:<U+200B>//api.deepseek.com
  'a placeholder / summary': true,
  // words pass: an invisible character: https:<U+200B>//api.deepseek.com
  'an expired JWT / summary': true,
  // words pass: an invisible character: tself, so it would call https:<U+200B>//api.deepseek.com/chat/comple | an invisible character: Write base-url: https:<U+200B>//api.deepseek.com.
  'an endpoint path in base-url / summary': true,
  // words pass: an invisible character: Write base-url: https:<U+200B>//api.deepseek.com (or remove
  "OpenAI's base URL / summary": true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a revoked key / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | a parenthesis said twice: DeepSeek refused the key (403) (403)
  '403 / summary': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  '403 / log': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  '403 / cli': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  '403 / cli --json': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  '402 / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'is_available: false / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a model the key cannot use / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a balance below min-balance / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | all with a count of one or two: red 429 Rate Limit Reached on all 2 attempts. DeepSeek limits con
  'persistent 429 / summary': true,
  // words pass: all with a count of one or two: red 429 Rate Limit Reached on all 2 attempts. DeepSeek limits con
  'persistent 429 / annotations': true,
  // words pass: all with a count of one or two: red 429 Rate Limit Reached on all 2 attempts. DeepSeek limits con
  'persistent 429 / outputs': true,
  // words pass: all with a count of one or two: red 429 Rate Limit Reached on all 2 attempts. DeepSeek limits con
  'persistent 429 / cli': true,
  // words pass: all with a count of one or two: red 429 Rate Limit Reached on all 2 attempts. DeepSeek limits con
  'persistent 429 / cli --json': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | all with a count of one or two: ered 503 Server Overloaded on all 2 attempts. The endpoint said:
  'persistent 503 / summary': true,
  // words pass: all with a count of one or two: ered 503 Server Overloaded on all 2 attempts. The endpoint said:
  'persistent 503 / annotations': true,
  // words pass: all with a count of one or two: ered 503 Server Overloaded on all 2 attempts. The endpoint said:
  'persistent 503 / outputs': true,
  // words pass: all with a count of one or two: ered 503 Server Overloaded on all 2 attempts. The endpoint said:
  'persistent 503 / cli': true,
  // words pass: all with a count of one or two: ered 503 Server Overloaded on all 2 attempts. The endpoint said:
  'persistent 503 / cli --json': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'a refused connection / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | an invisible character: <img src=x> <b>EVILbold</b> @<U+200B>octocat https:<U+200B>//evil.example/ | …
  'hostile 401 message / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | a parenthesis said twice: DeepSeek refused the key (403) (403) | …
  'hostile 403 message / summary': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  'hostile 403 message / log': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  'hostile 403 message / cli': true,
  // words pass: a parenthesis said twice: DeepSeek refused the key (403) (403)
  'hostile 403 message / cli --json': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | an invisible character: <img src=x> <b>EVILbold</b> @<U+200B>octocat https:<U+200B>//evil.example/ | …
  'hostile 402 message / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | an invisible character: <img src=x> <b>EVILbold</b> @<U+200B>octocat https:<U+200B>//evil.example/ | …
  'hostile 503 message / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT | an invisible character: ilable: EVIL|id`x`<img src=x>@<U+200B>octocat*EVILemph*https:<U+200B>//evil | …
  'hostile model ids / summary': true,
  // words pass: an invisible character: http:<U+200B>//127.0.0.1:PORT
  'hostile currency / summary': true,
  // words pass: an invisible character: Set base-url to https:<U+200B>//api.deepseek.com (or remove | an invisible character: eek.com (or remove it); https:<U+200B>//api.deepseek.com/v1 works to | …
  'hostile HTML title / summary': true,
  // words pass: an invisible character: ered 301, a redirect to https:<U+200B>//evil.example/EVIL|x`y`<img>@ | an invisible character: //evil.example/EVIL|x`y`<img>@<U+200B>octocat*EVILemph*. Redirects a | …
  'hostile redirect target / summary': true,
  // words pass: an HTML entity left for a reader: the page title is shown undecoded, "HTML page titled "EVIL|cell … &lt;img src=x&gt;""
  'hostile HTML title / annotations': true,
  'hostile HTML title / outputs': true,
  'hostile HTML title / cli': true,
  'hostile HTML title / cli --json': true,
};

interface Seen {
  readonly action: ActionRun;
  readonly cli: CliRun;
  readonly json: CliRun;
}

/** Log and CLI lines lay out columns with runs of spaces: each column is read on its own. */
const columns = (output: string): string[] => output.split('\n').flatMap((line) => line.trim().split(/ {2,}/));

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

function blocksOf(channel: Channel, seen: Seen): string[] {
  const { action, cli, json } = seen;
  switch (channel) {
    case 'summary':
      return readableBlocks(parseGfm(action.summary));
    case 'annotations':
      return action.annotations.flatMap((a) => [a.properties.title ?? '', a.message]);
    case 'outputs':
      return Object.values(action.outputs);
    case 'log':
      return columns(
        action.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::'))
          .join('\n'),
      );
    case 'cli':
      return columns(`${cli.stdout}\n${cli.stderr}`);
    case 'cli --json':
      return [...stringsIn(JSON.parse(json.stdout) as unknown), ...columns(json.stderr)];
  }
}

const seen = new Map<Scenario, Seen>();

beforeAll(async () => {
  const runs = await inBatches(SCENARIOS, 3, async (scenario) => ({
    scenario,
    action: await runScenario(scenario),
    cli: await runScenarioCli(scenario, false),
    json: await runScenarioCli(scenario, true),
  }));
  for (const { scenario, ...run } of runs) seen.set(scenario, run);
}, 180_000);

const cases = SCENARIOS.flatMap((scenario) => CHANNELS.map((channel) => ({ scenario, channel, key: `${scenario.name} / ${channel}` })));

describe.each(cases)('$key', ({ scenario, channel, key }) => {
  (KNOWN[key] ? test.failing : test)('reads without a glitch', () => {
    const run = seen.get(scenario);
    if (!run) throw new Error('the scenario did not run');
    expect(run.action.outputs.status).toBe(scenario.status);
    const blocks = blocksOf(channel, run);
    // A run without annotations has nothing to scan there; every other channel always says something.
    if (channel !== 'annotations' || run.action.exitCode !== 0) expect(blocks.join('').length).toBeGreaterThan(0);
    const glitches: Glitch[] = blocks.flatMap((block) => glitchesIn(block));
    expect(glitches).toEqual([]);
  });
});
