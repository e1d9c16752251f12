// Turns the raw inputs (strings, as the runner passes them) into typed settings, or into a list of
// precise errors that each name the input, what was wrong and what to write instead.
import { parseDecimal, type Decimal } from './decimal.js';
import { checkBaseUrl, type EndpointCheck } from './endpoint.js';
import { INPUT_TABLE, type InputName } from './input-table.js';
import { parseHeaderLines, secretHeaderValues, type ExtraHeader } from './input/headers.js';
import { unknownInputs } from './input/unknown-inputs.js';
import { describePlaceholder, inspectKey } from './key-inspection.js';
import { MIN_SECRET_SLICE, makeRedactor, type Redactor } from './redact.js';
import { cliOf, oneLine } from './text.js';
import { setting } from './words.js';

export type OnMissingKey = 'auto' | 'fail' | 'skip';

export interface MinBalance {
  readonly amount: Decimal;
  /** Upper-case ISO code, or undefined to compare against every currency the account reports. */
  readonly currency?: string;
}

export interface Settings {
  readonly apiKey: string;
  readonly endpoint: EndpointCheck;
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

/**
 * `undeclared`: the names of the `INPUT_*` variables the runner set (the action's edge passes them;
 * the CLI has none): one the action does not declare is a misspelt input, refused.
 */
export function parseInputs(raw: RawInputs, undeclared: readonly string[] = []): ParseResult {
  const errors: InputError[] = [];
  for (const unknown of unknownInputs(undeclared)) {
    const closest = unknown.closest
      ? ` Did you mean \`${unknown.closest}\`? Write \`${unknown.closest}:\` in \`with:\`.`
      : ` Remove it from \`with:\`; the inputs are ${INPUT_NAMES.map((n) => `\`${n}\``).join(', ')}.`;
    errors.push({ input: unknown.name, message: `\`${unknown.name}\` is not an input of this action, so it would be ignored.${closest}` });
  }
  // The key pasted into another input (inputs swapped, wrong secret referenced) must not be echoed
  // in an error message, a summary or an output: such an input is refused without showing it.
  // A distinctive run (16 characters, or the whole of a shorter key) decides: an 8-character window
  // such as "deepseek" in a gateway token must not make `models: deepseek-v4-pro` invalid. Values
  // left at their default are never suspects. Whatever is echoed, here and in the diagnosis, is
  // still cut at 8 characters (`echo`).
  const keyMaterial = inspectKey(raw['api-key'] ?? '').secretForms.filter((form) => !describePlaceholder(form));
  const shortest = Math.min(...keyMaterial.map((form) => form.length), KEY_RUN_IN_INPUT);
  const carries = makeRedactor(keyMaterial, Math.max(MIN_SECRET_SLICE, shortest));
  // Header values that can be credentials are cut wherever a value is shown, like the key.
  const echo = makeRedactor([...keyMaterial, ...secretHeaderValues(raw['headers'] ?? '')]);
  /** How a value is shown inside an error message: quoted, one line, short, no 8 characters of the key. */
  const shown = (value: string): string => JSON.stringify(oneLine(echo(value), 40));
  const carriesKey = new Set(
    INPUT_NAMES.filter((name) => {
      const value = raw[name];
      return name !== 'api-key' && value !== undefined && value.trim() !== INPUT_DEFAULTS[name] && carries(value) !== value;
    }),
  );
  for (const name of carriesKey) {
    errors.push({ input: name, message: `The value contains the API key, so it is not shown. The key belongs only in \`api-key\`; write ${EXAMPLES[name]} here.`, carriesKey: true });
  }
  const get = (name: InputName): string => {
    const value = carriesKey.has(name) ? undefined : raw[name];
    return value === undefined || value.trim() === '' ? INPUT_DEFAULTS[name] : value;
  };
  const fail = (input: string, message: string, cli?: string): undefined => {
    errors.push({ input, message, ...(cli !== undefined ? { cli } : {}) });
    return undefined;
  };
  /** `such as …` in both forms: the `with:` line for the action, the flag for a terminal. */
  const suchAs = (name: InputName, value: string): { md: string; cli: string } => {
    const it = setting(name, value);
    return { md: `\`${name}: ${value}\``, cli: cliOf(it) };
  };

  const timeoutText = get('timeout-seconds').trim();
  const { min: tMin, max: tMax } = LIMITS.timeoutSeconds;
  let timeoutSeconds: number | undefined;
  if (!/^\d+(\.\d+)?$/.test(timeoutText)) {
    const example = suchAs('timeout-seconds', '20');
    const start = `${shown(timeoutText)} is not a number of seconds. Write a number from ${tMin} to ${tMax}, such as`;
    fail('timeout-seconds', `${start} ${example.md}.`, `${start} ${example.cli}.`);
  } else {
    timeoutSeconds = Number(timeoutText);
    if (timeoutSeconds < tMin || timeoutSeconds > tMax) {
      timeoutSeconds = fail('timeout-seconds', `${shown(timeoutText)} is out of range. Write a number from ${tMin} to ${tMax} (seconds for all network work of the step).`);
    }
  }

  const retriesText = get('retries').trim();
  const { min: rMin, max: rMax } = LIMITS.retries;
  let retries: number | undefined;
  if (!/^\d+$/.test(retriesText)) {
    const example = suchAs('retries', '2');
    const start = `${shown(retriesText)} is not a whole number. Write a whole number from ${rMin} to ${rMax}, such as`;
    fail('retries', `${start} ${example.md}.`, `${start} ${example.cli}.`);
  } else {
    retries = Number(retriesText);
    if (retries > rMax) retries = fail('retries', `${shown(retriesText)} is too many. Write a whole number from ${rMin} to ${rMax}; the deadline (\`timeout-seconds\`) bounds retries anyway.`);
  }

  const onMissingText = get('on-missing-key').trim().toLowerCase();
  let onMissingKey: OnMissingKey | undefined;
  if (onMissingText === 'auto' || onMissingText === 'fail' || onMissingText === 'skip') onMissingKey = onMissingText;
  else fail('on-missing-key', `${shown(get('on-missing-key'))} is not one of the choices. Write \`auto\`, \`fail\` or \`skip\`.`);

  const failOnOutage = parseBoolean(get('fail-on-outage'));
  if (failOnOutage === undefined) {
    fail('fail-on-outage', `${shown(get('fail-on-outage'))} is not a boolean. Write \`true\` or \`false\`.`);
  }

  const models: string[] = [];
  // A Set: `models.includes` made a pasted list of 30 000 ids cost seconds (quadratic).
  const seenModels = new Set<string>();
  for (const item of get('models').split(/[,\n]/)) {
    const id = item.trim();
    if (id === '' || seenModels.has(id)) continue;
    seenModels.add(id);
    if (id.length > LIMITS.modelIdLength || !MODEL_ID.test(id)) {
      fail('models', `${shown(id)} is not a model id. List ids such as \`deepseek-v4-pro\`, separated by commas or new lines.`);
    } else {
      models.push(id);
    }
  }
  if (models.length > LIMITS.models) fail('models', `${models.length} models listed; at most ${LIMITS.models} can be checked. List the ones the deploy needs.`);

  let minBalance: MinBalance | undefined;
  const minText = get('min-balance').trim();
  if (minText !== '') {
    const match = /^(?:([A-Za-z]{3})\s*)?(\d{1,15}(?:\.\d{1,8})?)(?:\s*([A-Za-z]{3}))?$/.exec(minText);
    const amount = match && !(match[1] && match[3]) ? parseDecimal(match[2] ?? '') : undefined;
    if (!match || !amount) {
      const start = `${shown(minText)} is not an amount. Write a non-negative number, optionally with a currency:`;
      fail('min-balance', `${start} \`min-balance: 5\` or \`min-balance: 10 CNY\`.`, `${start} ${cliOf(setting('min-balance', '5'))} or ${cliOf(setting('min-balance', '10 CNY'))}.`);
    } else {
      const currency = (match[1] ?? match[3])?.toUpperCase();
      minBalance = currency ? { amount, currency } : { amount };
    }
  }

  const parsedHeaders = parseHeaderLines(get('headers'));
  for (const problem of parsedHeaders.problems) fail('headers', problem.line > 0 ? `Line ${problem.line}: ${problem.message}` : problem.message);

  const baseUrlInput = get('base-url');
  if (errors.length > 0 || timeoutSeconds === undefined || retries === undefined || !onMissingKey || failOnOutage === undefined) {
    return { ok: false, errors };
  }
  const settings: Settings = {
    apiKey: raw['api-key'] ?? '',
    endpoint: checkBaseUrl(baseUrlInput, echo),
    baseUrlInput,
    models,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    retries,
    onMissingKey,
    failOnOutage,
    headers: parsedHeaders.headers,
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
