// Flags of the CLI: the action's inputs, as --flags. Pure. The flags' values are judged once, with
// the key known (parseFlagValues), so that a flag holding the key is refused without being shown.
import path from 'node:path';
import { INPUT_TABLE } from '../core/input/input-table.js';
import { parseInputs, type InputName, type Settings } from '../core/input/inputs.js';
import { MIN_SECRET_SLICE } from '../core/secret/redact.js';
import { editDistance } from '../core/text/edit-distance.js';

const option = (usage: string, help: string): string => `  ${usage.padEnd(26)}${help}`;

/** The CLI's exit codes: 0 and 1 are the action's pass and fail. */
export const EXIT = { ok: 0, blocked: 1, usage: 2, interrupted: 130 } as const;

/** What each exit code means, for --help: one line each, in the order of EXIT. */
const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
  ok: 'the key works, or the check was skipped, or only an outage was seen (a step that passes)',
  blocked: 'the deploy must not go on (the step would fail), or the check could not complete',
  usage: 'bad usage: nothing was checked and nothing was sent',
  interrupted: 'interrupted (Ctrl-C)',
};

export const USAGE = `Usage: deepseek-preflight [options]

Checks a DeepSeek API key and explains what is wrong with it: the same diagnosis as the
deepseek-preflight GitHub Action, from a terminal.

The key is read from DEEPSEEK_API_KEY, else from stdin when it is piped (one trailing newline
is ignored), else from a prompt that does not echo. Never from a flag: flags land in shell
history and process lists.

Options (the action's inputs):
${INPUT_TABLE.flatMap((input) => ('cli' in input ? [option(input.cli.usage, `${input.cli.help}${'showsDefault' in input.cli ? ` (default ${input.default})` : ''}`)] : [])).join('\n')}
  --json                    machine-readable output on stdout, errors included
  -V, --version             the version
  -h, --help                this help

Output is coloured only when stdout is a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 on.

Exit codes:
${(Object.keys(EXIT) as (keyof typeof EXIT)[]).map((name) => `  ${String(EXIT[name]).padEnd(5)}${EXIT_MEANING[name]}`).join('\n')}

Examples:
  DEEPSEEK_API_KEY=sk-... deepseek-preflight --models deepseek-v4-pro
  pass show deepseek | deepseek-preflight --min-balance "10 CNY" --json
`;

/** Inputs given as `--name VALUE` or `--name=VALUE`. */
const VALUE_FLAGS: ReadonlySet<string> = new Set(INPUT_TABLE.flatMap((input) => ('cli' in input && input.cli.kind === 'value' ? [input.name] : [])));
/** Inputs given as `--name` (true) or `--name=BOOL`. */
const SWITCH_FLAGS: ReadonlySet<string> = new Set(INPUT_TABLE.flatMap((input) => ('cli' in input && input.cli.kind === 'switch' ? [input.name] : [])));

/** Inputs given line by line, one `--flag VALUE` per line (`--header`): by flag name. */
const REPEATED_FLAGS: ReadonlyMap<string, InputName> = new Map(
  INPUT_TABLE.flatMap((input) => ('cli' in input && input.cli.kind === 'repeated' ? [['flag' in input.cli ? input.cli.flag : input.name, input.name] as const] : [])),
);

/** Flags that would carry the key itself. Refused wherever they appear, whatever else is wrong. */
const KEY_FLAG = /^--?(api[-_]?key|key|token|secret)(=|$)/i;

const KEY_FLAG_ERROR = 'the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY, pipe the key on stdin, or run without it to be prompted.';

export type CliArgs =
  | { ok: true; help: boolean; version: boolean; json: boolean; inputs: Partial<Record<InputName, string>> }
  /** `json`: whether --json was asked for, so that the error is written as JSON too. */
  | { ok: false; error: string; json: boolean };

/** Every long flag, without its dashes: what an unknown option is compared with. */
const LONG_FLAGS: readonly string[] = [...INPUT_TABLE.flatMap((input) => ('cli' in input ? ['flag' in input.cli ? input.cli.flag : input.name] : [])), 'json', 'version', 'help'];
/** The short flags (-V, -h), by their letter in lower case. */
const SHORT_FLAGS: Readonly<Record<string, string>> = { v: '--version', h: '--help' };

const commonPrefix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * The known flag an unknown option most likely meant, or undefined: a typo (up to 2 edits, 1 for a
 * 4-letter flag; case and `_` for `-` ignored), the start or a part of a flag (`--timeout`,
 * `--retry`, `--balance`); `-v` and `-H` for --version and --help.
 */
export function closestFlag(option: string): string | undefined {
  const bare = option.replace(/^-+/, '');
  // `-v` for -V: named in full, since the case is what went wrong.
  if (/^-[^-]/.test(option) && bare.length === 1) return SHORT_FLAGS[bare.toLowerCase()];
  const typed = bare.toLowerCase().replace(/_/g, '-');
  // Far longer than any flag is no typo of one (and the comparison grows with the length).
  if (typed.length < 2 || typed.length > 40) return undefined;
  let best: { flag: string; score: number } | undefined;
  for (const flag of LONG_FLAGS) {
    const distance = editDistance(typed, flag);
    const part = (typed.length >= 3 && flag.startsWith(typed)) || commonPrefix(typed, flag) >= 4 || (typed.length >= 5 && flag.includes(typed));
    const score = distance <= (flag.length <= 4 ? 1 : 2) ? distance : part ? 3 : Infinity;
    if (score < (best?.score ?? Infinity)) best = { flag, score };
  }
  return best === undefined ? undefined : `--${best.flag}`;
}

/**
 * How an unknown option is named in an error. Never a value after `=`, which may be the key; and
 * the name itself only when it reads as an option name (letters and single dashes, short): a
 * name with digits or of any length could be the key pasted after a dash (`-$KEY`), and the key
 * is not known yet to tell.
 */
function unknownOption(arg: string): string {
  const name = arg.split('=', 1)[0] ?? '';
  // `--help=yes`: a known switch given a value it does not take (the value is not shown).
  if (arg.includes('=') && ['help', 'version'].includes(name.replace(/^--/, ''))) return `${name} takes no value: write ${name}`;
  const shown =
    name.length <= 24 && /^--?[a-z]+(?:[-_][a-z]+)*$/i.test(name) ? `unknown option ${JSON.stringify(name)}` : 'unknown option (not shown: it does not read as an option name, and could hold the key)';
  const closest = closestFlag(name);
  return closest === undefined ? shown : `${shown}. Did you mean ${closest}?`;
}

/** A stray argument that is a flag's name without its dashes (`models deepseek-chat`). */
function strayArgument(arg: string): string {
  const flag = LONG_FLAGS.find((f) => f === arg.toLowerCase());
  // Not echoed: a stray argument is quite often the key itself.
  const error = 'unexpected argument: this command takes only options, and never the key as an argument';
  return flag === undefined ? error : `${error}. Did you mean --${flag}?`;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  // Asked for anywhere, even after the error or as a flag's missing value: the error is JSON too.
  const wantsJson = argv.some((arg) => arg === '--json' || /^--json=true$/i.test(arg));
  const fail = (error: string): CliArgs => ({ ok: false, error, json: wantsJson });
  if (argv.some((arg) => KEY_FLAG.test(arg))) return fail(KEY_FLAG_ERROR);
  const inputs: Partial<Record<InputName, string>> = {};
  let json = false;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-V' || arg === '--version') version = true;
    else if (arg === '--json') json = true;
    else if (name === 'json') {
      // `--json=true` as scripts write switches; `--json=false` as a generated command line may.
      const value = arg.slice(eq + 1).toLowerCase();
      if (value !== 'true' && value !== 'false') return fail('--json takes no value: write --json (or --json=true, --json=false)');
      json = value === 'true';
    } else if (SWITCH_FLAGS.has(name)) {
      // A switch, or `--fail-on-outage=false`: the value is then checked exactly as the action's input.
      inputs[name as InputName] = eq >= 0 ? arg.slice(eq + 1) : 'true';
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i++;
      if (value === undefined || (eq < 0 && value.startsWith('--'))) return fail(`--${name} needs a value`);
      inputs[name as InputName] = value;
    } else if (REPEATED_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i++;
      if (value === undefined || (eq < 0 && value.startsWith('--'))) return fail(`--${name} needs a value`);
      const input = REPEATED_FLAGS.get(name) as InputName;
      inputs[input] = inputs[input] === undefined ? value : `${inputs[input]}\n${value}`;
    } else if (arg.startsWith('-')) {
      return fail(unknownOption(arg));
    } else {
      return fail(strayArgument(arg));
    }
  }
  return { ok: true, help, version, json, inputs };
}

export type FlagValues = Partial<Record<InputName, string>>;

/**
 * Values shaped like an API key: DeepSeek's `sk-` and 32 hex characters, or another provider's
 * prefix followed by a token. Refused in any flag even when the key itself is not known (no
 * DEEPSEEK_API_KEY, nothing on stdin), since the flag may be where the key went.
 */
const KEY_SHAPED = /sk-[0-9a-f]{32}|(?:sk-(?:proj|svcacct|admin|ant|or)-|gsk_|xai-|gh[pousr]_|github_pat_)[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}/i;

/** The flag an input is given by (`--header` for `headers`). */
function flagOf(input: string): string {
  const row = INPUT_TABLE.find((spec) => spec.name === input);
  return row && 'cli' in row && 'flag' in row.cli ? row.cli.flag : input;
}

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
  return parsed.errors.every((e) => short(e.input)) ? parsed.errors.map((e) => `--${flagOf(e.input)}: ${e.cli ?? e.message}`) : [];
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
      errors.push(e.carriesKey ? keyInFlag(flagOf(e.input)) : `--${flagOf(e.input)}: ${e.cli ?? e.message}`);
    }
  }
  return { ok: false, errors };
}

/**
 * The command as the user ran it, for "Try `… --help`": `deepseek-preflight` through the package's
 * bin (npx, a global install), else `node <the script>` — relative to the working directory when
 * it is inside it — so that the hint works when pasted.
 */
export function invokedAs(script: string | undefined, cwd: string): string {
  if (script === undefined || path.basename(script).replace(/\.(?:c|m)?js$/, '') === 'deepseek-preflight') return 'deepseek-preflight';
  const relative = path.relative(cwd, script);
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : script;
  return `node ${/^[\w./\\:-]+$/.test(shown) ? shown : `"${shown.replace(/(["\\$`])/g, '\\$1')}"`}`;
}
