// Turns the raw inputs (strings, as the runner passes them) into typed settings, or into a list of
// precise errors that each name the input, what was wrong and what to write instead.
import { parseDecimal, type Decimal } from './decimal.js';
import { checkBaseUrl, type EndpointCheck } from './base-url.js';
import { INPUT_TABLE, type InputName } from './input-table.js';
import { parseHeaderLines, secretHeaderValues, type ExtraHeader } from './headers.js';
import { unknownInputs } from './unknown-inputs.js';
import { describePlaceholder, inspectKey } from '../secret/key-inspection.js';
import { MIN_SECRET_SLICE, makeRedactor, type Redactor } from '../secret/redact.js';
import { cliOf, oneLine } from '../text/text.js';
import { setting } from '../text/words.js';

export type OnMissingKey = 'auto' | 'fail' | 'skip';

export interface MinBalance {
  readonly amount: Decimal;
  /** Upper-case ISO code, or undefined to compare against every currency the account reports. */
  readonly currency?: string;
}

export interface Settings {
  readonly apiKey: string;
  readonly baseUrl: EndpointCheck;
  readonly baseUrlInput: string;
  readonly models: readonly string[];
  readonly minBalance?: MinBalance;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly onMissingKey: OnMissingKey;
  readonly failOnOutage: boolean;
  /** Sent on every request to `base-url`, keyed and key-less alike. Values never shown. */
  readonly headers: readonly ExtraHeader[];
  /**
   * How a value from the inputs is shown back (a model id, the base URL, its host): with every
   * run of 8 characters of the key cut, however the key was disguised. The one place input values
   * pass through before any message, summary or output shows them.
   */
  readonly echo: Redactor;
}

export interface InputError {
  readonly input: string;
  readonly message: string;
  /** The same message for a terminal, where it differs: flags (`--timeout-seconds 20`) instead of `with:` lines. */
  readonly cli?: string;
  /** The value holds the API key: refused, never shown, whatever else is wrong with it. */
  readonly carriesKey?: true;
}

export type RawInputs = Readonly<Record<string, string | undefined>>;

export type { InputName };
export const INPUT_NAMES: readonly InputName[] = INPUT_TABLE.map((input) => input.name);
export const INPUT_DEFAULTS = Object.fromEntries(INPUT_TABLE.map((input) => [input.name, input.default])) as Readonly<Record<InputName, string>>;
/** What to write instead, for an input that had to be refused without showing its value. */
const EXAMPLES = Object.fromEntries(INPUT_TABLE.map((input) => [input.name, input.example])) as Readonly<Record<InputName, string>>;

const LIMITS = {
  timeoutSeconds: { min: 1, max: 600 },
  retries: { min: 0, max: 10 },
  models: 50,
  modelIdLength: 128,
} as const;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;

/** How much of the key an input must hold to be refused as carrying it. */
const KEY_RUN_IN_INPUT = 16;

export type ParseResult = { ok: true; settings: Settings } | { ok: false; errors: InputError[] };

/** What a value said, for an error: the message, and the terminal's form where it differs. */
interface Problem {
  readonly message: string;
  readonly cli?: string;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

const valid = <T>(value: T): Parsed<T> => ({ ok: true, value });
const invalid = (...problems: Problem[]): Parsed<never> => ({ ok: false, problems });

/** What every parser may use: how a value is shown in a message, with no 8 characters of the key. */
interface ParseContext {
  readonly shown: (value: string) => string;
}

/** `such as …` in both forms: the `with:` line for the action, the flag for a terminal. */
function suchAs(start: string, name: InputName, value: string): Problem {
  return { message: `${start} \`${name}: ${value}\`.`, cli: `${start} ${cliOf(setting(name, value))}.` };
}

/** The typed value of each input in Settings, by input name. */
interface InputValues {
  readonly 'base-url': string;
  readonly headers: readonly ExtraHeader[];
  readonly models: readonly string[];
  readonly 'min-balance': MinBalance | undefined;
  readonly 'timeout-seconds': number;
  readonly retries: number;
  readonly 'on-missing-key': OnMissingKey;
  readonly 'fail-on-outage': boolean;
}

/** Every input but the key has a parser: a new row in the input table fails to compile until it has one. */
type ParsedInputName = Exclude<InputName, 'api-key'>;

/**
 * One parser per input, in the input table's order (api-key is inspected, never parsed: its problems
 * are findings). Each gets the value (the default when empty) and says what it means, or why not.
 */
const PARSERS: { readonly [N in ParsedInputName]: (value: string, context: ParseContext) => Parsed<InputValues[N]> } = {
  'base-url': (value) => valid(value),

  headers: (value) => {
    const parsed = parseHeaderLines(value);
    if (parsed.problems.length === 0) return valid(parsed.headers);
    return invalid(...parsed.problems.map((problem) => ({ message: problem.line > 0 ? `Line ${problem.line}: ${problem.message}` : problem.message })));
  },

  models: (value, { shown }) => {
    const models: string[] = [];
    const problems: Problem[] = [];
    // A Set: `models.includes` made a pasted list of 30 000 ids cost seconds (quadratic).
    const seen = new Set<string>();
    for (const item of value.split(/[,\n]/)) {
      const id = item.trim();
      if (id === '' || seen.has(id)) continue;
      seen.add(id);
      if (id.length > LIMITS.modelIdLength || !MODEL_ID.test(id)) {
        problems.push({ message: `${shown(id)} is not a model id. List ids such as \`deepseek-v4-pro\`, separated by commas or new lines.` });
      } else {
        models.push(id);
      }
    }
    if (models.length > LIMITS.models) problems.push({ message: `${models.length} models listed; at most ${LIMITS.models} can be checked. List the ones the deploy needs.` });
    return problems.length > 0 ? invalid(...problems) : valid(models);
  },

  'min-balance': (value, { shown }) => {
    const text = value.trim();
    if (text === '') return valid(undefined);
    const match = /^(?:([A-Za-z]{3})\s*)?(\d{1,15}(?:\.\d{1,8})?)(?:\s*([A-Za-z]{3}))?$/.exec(text);
    const amount = match && !(match[1] && match[3]) ? parseDecimal(match[2] ?? '') : undefined;
    if (!match || !amount) {
      const start = `${shown(text)} is not an amount. Write a non-negative number, optionally with a currency:`;
      return invalid({
        message: `${start} \`min-balance: 5\` or \`min-balance: 10 CNY\`.`,
        cli: `${start} ${cliOf(setting('min-balance', '5'))} or ${cliOf(setting('min-balance', '10 CNY'))}.`,
      });
    }
    const currency = (match[1] ?? match[3])?.toUpperCase();
    return valid(currency ? { amount, currency } : { amount });
  },

  'timeout-seconds': (value, { shown }) => {
    const text = value.trim();
    const { min, max } = LIMITS.timeoutSeconds;
    if (!/^\d+(\.\d+)?$/.test(text)) return invalid(suchAs(`${shown(text)} is not a number of seconds. Write a number from ${min} to ${max}, such as`, 'timeout-seconds', '20'));
    const seconds = Number(text);
    if (seconds < min || seconds > max) return invalid({ message: `${shown(text)} is out of range. Write a number from ${min} to ${max} (seconds for all network work of the step).` });
    return valid(seconds);
  },

  retries: (value, { shown }) => {
    const text = value.trim();
    const { min, max } = LIMITS.retries;
    if (!/^\d+$/.test(text)) return invalid(suchAs(`${shown(text)} is not a whole number. Write a whole number from ${min} to ${max}, such as`, 'retries', '2'));
    const retries = Number(text);
    if (retries > max) return invalid({ message: `${shown(text)} is too many. Write a whole number from ${min} to ${max}; the deadline (\`timeout-seconds\`) bounds retries anyway.` });
    return valid(retries);
  },

  'on-missing-key': (value, { shown }) => {
    const choice = value.trim().toLowerCase();
    if (choice === 'auto' || choice === 'fail' || choice === 'skip') return valid(choice);
    return invalid({ message: `${shown(value)} is not one of the choices. Write \`auto\`, \`fail\` or \`skip\`.` });
  },

  'fail-on-outage': (value, { shown }) => {
    const flag = parseBoolean(value);
    return flag === undefined ? invalid({ message: `${shown(value)} is not a boolean. Write \`true\` or \`false\`.` }) : valid(flag);
  },
};

/** An input the action does not declare, as an error naming the closest one. */
function undeclaredInputErrors(undeclared: readonly string[]): InputError[] {
  return unknownInputs(undeclared).map((unknown) => {
    const closest = unknown.closest
      ? ` Did you mean \`${unknown.closest}\`? Write \`${unknown.closest}:\` in \`with:\`.`
      : ` Remove it from \`with:\`; the inputs are ${INPUT_NAMES.map((n) => `\`${n}\``).join(', ')}.`;
    return { input: unknown.name, message: `\`${unknown.name}\` is not an input of this action, so it would be ignored.${closest}` };
  });
}

/**
 * The key pasted into another input (inputs swapped, wrong secret referenced) must not be echoed in
 * an error message, a summary or an output: such an input is refused without showing it. A
 * distinctive run (16 characters, or the whole of a shorter key) decides: an 8-character window such
 * as "deepseek" in a gateway token must not make `models: deepseek-v4-pro` invalid. Values left at
 * their default are never suspects. Whatever is echoed, here and in the diagnosis, is still cut at
 * 8 characters (`echo`).
 */
function inputsCarryingKey(raw: RawInputs, keyMaterial: readonly string[]): Set<InputName> {
  const shortest = Math.min(...keyMaterial.map((form) => form.length), KEY_RUN_IN_INPUT);
  const carries = makeRedactor(keyMaterial, Math.max(MIN_SECRET_SLICE, shortest));
  return new Set(
    INPUT_NAMES.filter((name) => {
      const value = raw[name];
      return name !== 'api-key' && value !== undefined && value.trim() !== INPUT_DEFAULTS[name] && carries(value) !== value;
    }),
  );
}

/**
 * `undeclared`: the names of the `INPUT_*` variables the runner set (the action's edge passes them;
 * the CLI has none): one the action does not declare is a misspelt input, refused.
 */
export function parseInputs(raw: RawInputs, undeclared: readonly string[] = []): ParseResult {
  const errors: InputError[] = undeclaredInputErrors(undeclared);
  const keyMaterial = inspectKey(raw['api-key'] ?? '').secretForms.filter((form) => !describePlaceholder(form));
  const carriesKey = inputsCarryingKey(raw, keyMaterial);
  for (const name of carriesKey) {
    errors.push({ input: name, message: `The value contains the API key, so it is not shown. The key belongs only in \`api-key\`; write ${EXAMPLES[name]} here.`, carriesKey: true });
  }
  // Header values that can be credentials are cut wherever a value is shown, like the key.
  const echo = makeRedactor([...keyMaterial, ...secretHeaderValues(raw['headers'] ?? '')]);
  const context: ParseContext = { shown: (value) => JSON.stringify(oneLine(echo(value), 40)) };
  const valueOf = (name: InputName): string => {
    const value = carriesKey.has(name) ? undefined : raw[name];
    return value === undefined || value.trim() === '' ? INPUT_DEFAULTS[name] : value;
  };

  const values: Partial<Record<ParsedInputName, unknown>> = {};
  for (const name of Object.keys(PARSERS) as ParsedInputName[]) {
    const parsed = (PARSERS[name] as (value: string, context: ParseContext) => Parsed<unknown>)(valueOf(name), context);
    if (parsed.ok) values[name] = parsed.value;
    else errors.push(...parsed.problems.map((problem) => ({ input: name, ...problem })));
  }
  if (errors.length > 0) return { ok: false, errors };
  const typed = values as InputValues;

  // Across inputs, once each is valid: base-url's rules echo with the same redactor.
  const minBalance = typed['min-balance'];
  const settings: Settings = {
    apiKey: raw['api-key'] ?? '',
    baseUrl: checkBaseUrl(typed['base-url'], echo),
    baseUrlInput: typed['base-url'],
    models: typed.models,
    timeoutMs: Math.round(typed['timeout-seconds'] * 1000),
    retries: typed.retries,
    onMissingKey: typed['on-missing-key'],
    failOnOutage: typed['fail-on-outage'],
    headers: typed.headers,
    echo,
    ...(minBalance ? { minBalance } : {}),
  };
  return { ok: true, settings };
}

/** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
function parseBoolean(value: string): boolean | undefined {
  const v = value.trim();
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  return undefined;
}
