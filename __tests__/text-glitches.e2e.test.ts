// Every message the action and the CLI can produce, scanned for what makes a reader stop: doubled
// punctuation or spaces, a parenthesis or sentence said twice, "all 2 attempts", and escapes meant
// for a machine (`%0A`, `\.`, `&amp;`, zero-width spaces) that reach a person. Read as the user
// reads them: the summary as GitHub renders it, annotations after the runner's own unescaping,
// outputs as a later step gets them, log lines, and the CLI's human and --json output.
import { contradictionsIn, glitchesIn, type Glitch } from './helpers/glitches.js';
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
const KNOWN: Readonly<Record<string, true>> = {};

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
}, 900_000); // a guard against a hang, not a bound on speed: a loaded CI machine is slow

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

/** The facts a page is about: the endpoint the scenario ran against and the inputs it was given. */
function factsOf(scenario: Scenario): { official: boolean; inputs: Record<string, string | undefined> } {
  const base = scenario.inputs['base-url'];
  const official = !scenario.sim && !scenario.closed && (base === undefined || /^https:\/\/api\.deepseek\.com(\/|$)/.test(base));
  return { official, inputs: { 'base-url': official ? 'https://api.deepseek.com' : undefined, ...scenario.inputs } };
}

describe.each(cases)('$key', ({ scenario, channel }) => {
  test('says nothing another sentence on the page, or the facts, contradict', () => {
    const run = seen.get(scenario);
    if (!run) throw new Error('the scenario did not run');
    const page = blocksOf(channel, run).join('\n');
    expect(contradictionsIn(page, factsOf(scenario))).toEqual([]);
  });
});
