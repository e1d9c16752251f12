// Flags of the CLI: the action's inputs, as --flags. Pure.
import { INPUT_NAMES, type InputName } from '../core/inputs.js';

export const USAGE = `Usage: deepseek-preflight [options]

Checks a DeepSeek API key and explains what is wrong with it.
The key is read from DEEPSEEK_API_KEY, else from stdin (never from a flag).

Options:
  --base-url URL           API base (default https://api.deepseek.com)
  --models IDS             comma-separated model ids the key must be able to use
  --min-balance AMOUNT     e.g. 5 or "10 CNY": a lower balance is low_balance
  --timeout-seconds N      one deadline for all network work (default 20)
  --retries N              retries of 429, 5xx and network errors (default 2)
  --fail-on-outage         exit 1 on rate_limited, server_error, unreachable too
  --json                   machine-readable output
  -h, --help               this help

Exit codes: 0 the key works (or only an outage was seen), 1 the deploy must not go on, 2 bad usage.
Examples:
  DEEPSEEK_API_KEY=sk-... npx deepseek-preflight
  pass show deepseek | npx deepseek-preflight --models deepseek-chat --json
`;

const VALUE_FLAGS = new Set<InputName>(INPUT_NAMES.filter((n) => n !== 'api-key' && n !== 'fail-on-outage'));

export type CliArgs =
  | { ok: true; help: boolean; json: boolean; inputs: Partial<Record<InputName, string>> }
  | { ok: false; error: string };

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const inputs: Partial<Record<InputName, string>> = {};
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--json') json = true;
    else if (arg === '--fail-on-outage') inputs['fail-on-outage'] = 'true';
    else if (/^--(api-key|key|token)(=|$)/.test(arg)) {
      return { ok: false, error: 'the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY or pipe the key on stdin.' };
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) as InputName;
      if (!VALUE_FLAGS.has(name)) return { ok: false, error: `unknown option ${JSON.stringify(arg.slice(0, 40))}` };
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { ok: false, error: `--${name} needs a value` };
      inputs[name] = value;
    } else {
      return { ok: false, error: `unexpected argument ${JSON.stringify(arg.slice(0, 40))}` };
    }
  }
  return { ok: true, help, json, inputs };
}
