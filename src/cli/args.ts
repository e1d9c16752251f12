// Flags of the CLI: the action's inputs, as --flags. Pure. The flags' values are judged once, with
// the key known (parseFlagValues), so that a flag holding the key is refused without being shown.
import { INPUT_TABLE } from '../core/input-table.js';
import { parseInputs, type InputName, type Settings } from '../core/inputs.js';
import { MIN_SECRET_SLICE } from '../core/redact.js';

const option = (usage: string, help: string): string => `  ${usage.padEnd(26)}${help}`;

export const USAGE = `Usage: deepseek-preflight [options]

Checks a DeepSeek API key and explains what is wrong with it: the same diagnosis as the
deepseek-preflight GitHub Action, from a terminal.

The key is read from DEEPSEEK_API_KEY, else from stdin when it is piped (one trailing newline
is ignored), else from a prompt that does not echo. Never from a flag: flags land in shell
history and process lists.

Options (the action's inputs):
${INPUT_TABLE.flatMap((input) => ('cli' in input ? [option(input.cli.usage, `${input.cli.help}${'showsDefault' in input.cli ? ` (default ${input.default})` : ''}`)] : [])).join('\n')}
  --json                    machine-readable output on stdout
  -h, --help                this help

Output is coloured only when stdout is a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 on.

Exit codes: 0 the key works, or the check was skipped, or only an outage was seen (as the action:
a step that passes); 1 the deploy must not go on (the step would fail); 2 bad usage.

Examples:
  DEEPSEEK_API_KEY=sk-... deepseek-preflight --models deepseek-v4-pro
  pass show deepseek | deepseek-preflight --min-balance "10 CNY" --json
`;

/** Inputs given as `--name VALUE` or `--name=VALUE`. */
const VALUE_FLAGS: ReadonlySet<string> = new Set(INPUT_TABLE.flatMap((input) => ('cli' in input && input.cli.kind === 'value' ? [input.name] : [])));
/** Inputs given as `--name` (true) or `--name=BOOL`. */
const SWITCH_FLAGS: ReadonlySet<string> = new Set(INPUT_TABLE.flatMap((input) => ('cli' in input && input.cli.kind === 'switch' ? [input.name] : [])));

/** Flags that would carry the key itself. Refused wherever they appear, whatever else is wrong. */
const KEY_FLAG = /^--?(api[-_]?key|key|token|secret)(=|$)/i;

const KEY_FLAG_ERROR =
  'the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY, pipe the key on stdin, or run without it to be prompted.';

export type CliArgs =
  | { ok: true; help: boolean; json: boolean; inputs: Partial<Record<InputName, string>> }
  | { ok: false; error: string };

/** How an unknown option is named in an error: never a value after `=`, which may be the key itself. */
function named(arg: string): string {
  const name = arg.split('=', 1)[0] ?? '';
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 39)}…` : name);
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  if (argv.some((arg) => KEY_FLAG.test(arg))) return { ok: false, error: KEY_FLAG_ERROR };
  const inputs: Partial<Record<InputName, string>> = {};
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--json') json = true;
    else if (SWITCH_FLAGS.has(name)) {
      // A switch, or `--fail-on-outage=false`: the value is then checked exactly as the action's input.
      inputs[name as InputName] = eq >= 0 ? arg.slice(eq + 1) : 'true';
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i++;
      if (value === undefined || (eq < 0 && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
      inputs[name as InputName] = value;
    } else if (arg.startsWith('-')) {
      return { ok: false, error: `unknown option ${named(arg)}` };
    } else {
      // Not echoed: a stray argument is quite often the key itself.
      return { ok: false, error: 'unexpected argument: this command takes only options, and never the key as an argument' };
    }
  }
  return { ok: true, help, json, inputs };
}

export type FlagValues = Partial<Record<InputName, string>>;

/**
 * Values shaped like an API key: DeepSeek's `sk-` and 32 hex characters, or another provider's
 * prefix followed by a token. Refused in any flag even when the key itself is not known (no
 * DEEPSEEK_API_KEY, nothing on stdin), since the flag may be where the key went.
 */
const KEY_SHAPED = /sk-[0-9a-f]{32}|(?:sk-(?:proj|svcacct|admin|ant|or)-|gsk_|xai-|gh[pousr]_|github_pat_)[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}/i;

function keyInFlag(name: string): string {
  return `--${name}: the value contains an API key, so it is not shown. T${KEY_FLAG_ERROR.slice(1)}`;
}

/**
 * The usage errors that can be told before the key is read, so that a typo does not cost a key
 * prompt: only when every value they are about is shorter than 8 characters, and so cannot hold
 * 8 characters of any key. Anything else waits for parseFlagValues, with the key known.
 */
export function usageErrorsBeforeKey(flags: FlagValues): string[] {
  const parsed = parseInputs({ ...flags, 'on-missing-key': flags['on-missing-key'] || 'fail' });
  if (parsed.ok) return [];
  const short = (input: string): boolean => (flags[input as InputName] ?? '').length < MIN_SECRET_SLICE;
  return parsed.errors.every((e) => short(e.input)) ? parsed.errors.map((e) => `--${e.input}: ${e.message}`) : [];
}

/** The flags as the action's inputs, judged once with the key known: settings, or usage errors. */
export function parseFlagValues(flags: FlagValues, apiKey: string): { ok: true; settings: Settings } | { ok: false; errors: string[] } {
  const keyShaped = (Object.keys(flags) as InputName[]).filter((name) => KEY_SHAPED.test(flags[name] ?? ''));
  const parsed = parseInputs({ ...flags, 'api-key': apiKey, 'on-missing-key': flags['on-missing-key'] || 'fail' });
  if (parsed.ok && keyShaped.length === 0) return parsed;
  const errors = keyShaped.map(keyInFlag);
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      if (keyShaped.includes(e.input as InputName)) continue;
      errors.push(e.carriesKey ? keyInFlag(e.input) : `--${e.input}: ${e.message}`);
    }
  }
  return { ok: false, errors };
}
