// Every input of the action, described once: its name, default, the example shown when a value
// has to be refused, its description in action.yml, and how the CLI takes it. action.yml and the
// README's inputs table are checked against this table (__tests__/inputs-table.test.ts); the CLI's
// flags and help, the parser's defaults and the test helpers read it. Adding an input is a row
// here, its parsing in inputs.ts, and action.yml and the README (which the test then compares).
// Plain data with no imports: it costs nothing at start-up.

export interface InputSpec {
  readonly name: string;
  /** As action.yml writes it; what an empty value means. */
  readonly default: string;
  /** What to write instead, for a value that had to be refused without showing it. */
  readonly example: string;
  /** action.yml's `description`, word for word. */
  readonly description: string;
  /**
   * How the CLI takes it: `value` (`--name VALUE`), `switch` (`--name` or `--name=BOOL`), or never
   * (the key is never taken from a flag). `usage` and `help` make its line of the CLI's usage,
   * which ends with the default when `showsDefault` (the CLI's own default may differ).
   */
  readonly cli?: {
    /** `repeated`: `--flag VALUE` given again for each line of the input (`--header`). */
    readonly kind: 'value' | 'switch' | 'repeated';
    readonly usage: string;
    readonly help: string;
    readonly showsDefault?: true;
    /** The flag's name where it differs from the input's (`--header` for `headers`). */
    readonly flag?: string;
  };
}

export const INPUT_TABLE = [
  {
    name: 'api-key',
    default: '',
    example: '`api-key: ${{ secrets.DEEPSEEK_API_KEY }}`',
    description: 'The DeepSeek API key, normally `${{ secrets.DEEPSEEK_API_KEY }}`. Masked before anything else happens; sent only to `base-url`.',
  },
  {
    name: 'base-url',
    default: 'https://api.deepseek.com',
    example: '`base-url: https://api.deepseek.com`',
    description: 'Base URL of the API. `https://api.deepseek.com/v1` is the same API; a path prefix works, so OpenAI-compatible gateways can be checked. HTTPS only (plain http only for localhost).',
    cli: { kind: 'value', usage: '--base-url URL', help: 'API base', showsDefault: true },
  },
  {
    name: 'headers',
    default: '',
    example: "`headers: 'x-portkey-provider: deepseek'`",
    description:
      'Extra request headers a gateway needs, one `Name: value` per line (e.g. `x-portkey-provider: deepseek`), sent on every request to `base-url`. Values are never shown; a value that can be a credential is masked like the key. Not `Authorization`, `Host`, `Cookie` or `Proxy-*`.',
    cli: { kind: 'repeated', usage: "--header 'NAME: VALUE'", help: 'an extra request header for a gateway; repeat for more', flag: 'header' },
  },
  {
    name: 'models',
    default: '',
    example: '`models: deepseek-v4-pro`',
    description: 'Model ids the key must be able to use, separated by commas or new lines (e.g. `deepseek-v4-pro`). Empty checks no model.',
    cli: { kind: 'value', usage: '--models IDS', help: 'comma-separated model ids the key must be able to use' },
  },
  {
    name: 'min-balance',
    default: '',
    example: '`min-balance: 5`',
    description:
      'A total balance below this is `low_balance` and blocks the deploy. A number (compared with every currency the account reports) or a number and a currency (`10 CNY`, `5 USD`). Empty checks no minimum.',
    cli: { kind: 'value', usage: '--min-balance AMOUNT', help: 'e.g. 5 or "10 CNY": a lower balance is low_balance' },
  },
  {
    name: 'timeout-seconds',
    default: '20',
    example: '`timeout-seconds: 20`',
    description: 'One deadline, in seconds, for all network work of the step, retries included (1 to 600).',
    cli: { kind: 'value', usage: '--timeout-seconds N', help: 'one deadline for all network work, 1 to 600', showsDefault: true },
  },
  {
    name: 'retries',
    default: '2',
    example: '`retries: 2`',
    description: 'Retries of transient failures only (429, 5xx, network errors), with exponential backoff that honours Retry-After (0 to 10).',
    cli: { kind: 'value', usage: '--retries N', help: 'retries of 429, 5xx and network errors, 0 to 10', showsDefault: true },
  },
  {
    name: 'on-missing-key',
    default: 'auto',
    example: '`on-missing-key: auto`',
    description:
      'What to do when `api-key` is empty. `auto` skips with a warning on pull requests from forks and on Dependabot runs (GitHub withholds secrets there) and fails everywhere else; `fail` always fails; `skip` always skips.',
    cli: { kind: 'value', usage: '--on-missing-key MODE', help: 'fail (default here) or skip when there is no key; auto = fail' },
  },
  {
    name: 'fail-on-outage',
    default: 'false',
    example: '`fail-on-outage: false`',
    description:
      'When `false`, `rate_limited`, `server_error` and `unreachable` warn but do not block (an outage says nothing about the secret), except an `unreachable` that re-running cannot fix (no such host, untrusted certificate, proxy credentials), which blocks; `true` makes them all block.',
    cli: { kind: 'switch', usage: '--fail-on-outage[=BOOL]', help: 'exit 1 on rate_limited, server_error and every unreachable too' },
  },
] as const satisfies readonly InputSpec[];

export type InputName = (typeof INPUT_TABLE)[number]['name'];

export function defaultOf(name: InputName): string {
  return INPUT_TABLE.find((input) => input.name === name)?.default ?? '';
}
